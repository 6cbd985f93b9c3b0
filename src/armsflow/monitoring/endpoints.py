"""REST API of the monitoring feature: record activities, the compliance dashboard, the
gaps report as PDF. Needs MONITOR_COORDINATION."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from armsflow.errors import InvalidInput
from armsflow.monitoring import pdf, service
from armsflow.monitoring.schemas import ActivityCreate, ActivityRead
from armsflow.web.api_errors import COMMON_ERRORS, RecordId
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["monitoring"], responses=COMMON_ERRORS)

Since = Annotated[date | None, Query(description="First day (default: 1 January this year)")]
Until = Annotated[date | None, Query(description="Day after the last (default: next 1 January)")]


def window(since: date | None, until: date | None) -> tuple[date, date]:
    """The reporting window, by default the current calendar year."""
    year = datetime.now(UTC).year
    for name, day in (("since", since), ("until", until)):
        if day is not None and not 1970 <= day.year <= 2199:
            raise InvalidInput(f"{name} must be between 1970 and 2199", field=name)
    since = since or date(year, 1, 1)
    until = until or date(since.year + 1, 1, 1)
    if until <= since:
        raise InvalidInput("until must be after since", field="until")
    if (until - since).days > 3660:
        raise InvalidInput("a report covers at most ten years", field="until")
    return since, until


def schedule_text(request: Request) -> str:
    return str(getattr(request.app.state.settings, "monitoring_schedule", "") or "")


def board_dict(board: service.Dashboard) -> dict[str, Any]:
    out = asdict(board)
    for a, raw in zip(board.activities, out["activities"], strict=True):
        raw["due"], raw["on_schedule"] = a.due, a.on_schedule
    out["held"], out["due"] = board.held, board.due
    out["training"]["rate"] = board.training.rate
    return out


@router.get("/monitoring/dashboard")
def dashboard(request: Request, db: Db, user: CurrentUser, since: Since = None,
              until: Until = None) -> dict[str, Any]:
    """Activities held on schedule vs due, training attendance, international
    investigations coordinated and not, information shared, deconfliction hits and event
    conflicts, and the gaps."""
    start, end = window(since, until)
    return board_dict(service.dashboard(db, user, start, end,
                                        schedule_text=schedule_text(request)))


@router.post("/monitoring/activities", response_model=ActivityRead, status_code=201)
def record_activity(db: Db, user: CurrentUser, body: ActivityCreate) -> ActivityRead:
    """Record one of the six activities held."""
    return service.add(db, user, body)


@router.get("/monitoring/activities", response_model=list[ActivityRead])
def list_activities(db: Db, user: CurrentUser, since: Since = None,
                    until: Until = None) -> list[ActivityRead]:
    start, end = window(since, until)
    return service.list_activities(db, user, start, end)


@router.get("/monitoring/activities/{activity_id}", response_model=ActivityRead)
def get_activity(db: Db, user: CurrentUser, activity_id: RecordId) -> ActivityRead:
    return service.get_activity(db, user, activity_id)


@router.get("/monitoring/gaps.pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}},
                       503: {"description": "PDF rendering unavailable on this server"}})
def gaps_report(request: Request, db: Db, user: CurrentUser, since: Since = None,
                until: Until = None, lang: Annotated[str, Query(pattern="^(en|es)$")] = "en"
                ) -> Response:
    """The gaps report for management (PDF)."""
    start, end = window(since, until)
    board = service.dashboard(db, user, start, end, schedule_text=schedule_text(request))
    return Response(pdf.gaps_pdf(board, lang=lang), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{pdf.filename(board)}"',
                             "Cache-Control": "no-store"})
