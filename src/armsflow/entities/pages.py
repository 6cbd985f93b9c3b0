"""Web pages of the entities feature: look a record up, an entity's page (its records, the
match weights of a pair explained in plain words, the judgement form). Personal data:
READ_PERSONAL_DATA only, every read audited (reads.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from armsflow.entities import reads
from armsflow.errors import ArmsFlowError
from armsflow.web.deps import CurrentUser, Db, check_form_csrf
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)
EntityId = Annotated[int, Path(ge=1, le=2_147_483_647)]
RecordParam = Annotated[int | None, Query(ge=1, le=2_147_483_647)]
RecordField = Annotated[int, Form(ge=1, le=2_147_483_647)]


def N_(text: str) -> str:  # Babel keyword: "translate later"
    return text


WORDS = (
    # comparisons and levels of the model, shown on the page through _()
    N_("surname"), N_("first name"), N_("date of birth"), N_("address and phone"),
    N_("sex"), N_("middle initial"), N_("missing"), N_("the same"), N_("spelt alike"),
    N_("different"), N_("one surname of a double surname shared"),
    N_("first surname the same"), N_("first surnames close"),
    N_("year, month or day one off"),
    N_("first and last names transposed"), N_("transposed (counted under surname)"),
    N_("nickname"), N_("initial agrees"), N_("day and month swapped"),
    N_("one character off"), N_("within a year"), N_("same address and phone"),
    N_("same street address"), N_("same phone"), N_("same zip code"), N_("same city"),
    N_("purchaser"), N_("possessor"), N_("associate"), N_("subject"),
    N_("sim-purchaser"), N_("sim-possessor"),
)


@router.get("/entities")
def lookup(request: Request, db: Db, user: CurrentUser, source: str | None = None,
           ref: str | None = None) -> Response:
    """Find the entity of a source record (e.g. purchaser P000000012)."""
    ctx: dict[str, Any] = {"source": source or "purchaser", "ref": ref or ""}
    if source and ref:
        try:
            entity = reads.entity_of(db, user, source.strip(), ref.strip())
            return RedirectResponse(f"/entities/{entity}", status_code=303)
        except ArmsFlowError as exc:
            ctx["error"] = exc.message
    return page(request, "entities/lookup.html", **ctx)


@router.get("/entities/{entity_id}")
def entity(request: Request, db: Db, user: CurrentUser, entity_id: EntityId,
           a: RecordParam = None, b: RecordParam = None) -> Response:
    view = reads.get_entity(db, user, entity_id)
    ids = [r.record_id for r in view.records]
    ctx: dict[str, Any] = {"view": view, "a": a, "b": b}
    if a is None and len(ids) > 1:
        ctx["a"], ctx["b"] = ids[0], ids[1]
    if ctx["a"] is not None and ctx["b"] is not None and ctx["a"] != ctx["b"]:
        try:
            ctx["explanation"] = reads.explain_pair(db, user, ctx["a"], ctx["b"])
        except ArmsFlowError as exc:
            ctx["explain_error"] = exc.message
    return page(request, "entities/entity.html", **ctx)


@router.post("/entities/{entity_id}/judgements")
def judge(
    request: Request, db: Db, user: CurrentUser, entity_id: EntityId,
    csrf_token: Annotated[str, Form()], record_a: RecordField,
    record_b: RecordField, verdict: Annotated[str, Form()],
    reason: Annotated[str, Form()],
) -> Response:
    """Record a judgement, then show the entity of record A as it now stands."""
    check_form_csrf(request, csrf_token)
    try:
        reads.judge(db, user, record_a, record_b, verdict == "same", reason)
    except ArmsFlowError as exc:
        view = reads.get_entity(db, user, entity_id)
        return page(request, "entities/entity.html", status_code=exc.status_code, view=view,
                    a=record_a, b=record_b, judge_error=exc.message, reason=reason)
    now = reads.entity_of_record(db, user, record_a)
    return RedirectResponse(f"/entities/{now}?a={record_a}&b={record_b}", status_code=303)
