"""Cases and target deconfliction: register, add identifiers, share, read (audited), raise
hits at once, acknowledge, resolve, escalate, and the statistics the compliance dashboard
(armsflow.monitoring) reads through :func:`hit_statistics`.

Services never commit: the request, CLI command or import does. Notifications are written
in the same transaction; e-mail leaves after the commit (armsflow.notify.service).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from armsflow.audit.service import Actor, record
from armsflow.auth.models import Agency, User, UserRole
from armsflow.auth.principal import Principal
from armsflow.auth.roles import Role
from armsflow.cases import messages, policy
from armsflow.cases.calendars import holiday_calendar
from armsflow.cases.deadlines import add_business_days
from armsflow.cases.drafts import RESOLUTIONS, STATUSES, CaseDraft
from armsflow.cases.identifiers import ParsedIdentifier
from armsflow.cases.matching import Match, Probe, find_matches
from armsflow.cases.models import Case, CaseIdentifier, CaseShare, Hit, HitParty
from armsflow.db.base import utcnow
from armsflow.errors import Conflict, InvalidInput, NotFound
from armsflow.notify.service import Message, Text, notify, notify_many
from armsflow.settings import Settings
from armsflow.tracing.models import Trace


@dataclass(frozen=True)
class HitRules:
    acknowledge_days: int = 2
    resolve_days: int = 10
    fuzzy_threshold: int = 88
    holidays: str = "US"  # calendars.holiday_calendar's codes

    @classmethod
    def from_settings(cls, settings: Settings) -> HitRules:
        return cls(settings.hit_acknowledge_days, settings.hit_resolve_days,
                   settings.hit_fuzzy_threshold, settings.hit_holidays)


# --------------------------------------------------------------------------- registering


_ORI = re.compile(r"[A-Z0-9]{1,9}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_free_text(text: str | None, limit: int) -> str | None:
    """A note or search as typed: control characters removed, trimmed, bounded."""
    cleaned = _CONTROL.sub(" ", text or "").strip()[:limit]
    return cleaned or None


def _agency_by_ori(db: Session, ori: str) -> Agency:
    wanted = ori.strip().upper()
    if not _ORI.fullmatch(wanted):
        raise InvalidInput(f"{ori!r} is not an ORI (9 letters and digits)", field="shared_with")
    agency = db.scalar(select(Agency).where(Agency.ori == wanted))
    if agency is None:
        raise InvalidInput(f"no agency with ORI {ori!r}", field="shared_with")
    return agency


def resolve_agent(db: Session, agency_id: int, username: str | None,
                  default_user_id: int | None) -> User:
    """The case agent: a user of the case's agency (default: the one registering)."""
    if username:
        user = db.scalar(select(User).where(User.username == username,
                                            User.agency_id == agency_id))
        if user is None:
            raise InvalidInput(f"{username!r} is not a user of the case's agency",
                               field="case_agent")
        return user
    user = db.get(User, default_user_id) if default_user_id else None
    if user is None:
        raise InvalidInput("name the case agent (a user of the agency)", field="case_agent")
    return user


def create_case(db: Session, principal: Principal, draft: CaseDraft, rules: HitRules,
                *, now: datetime | None = None) -> tuple[Case, list[Hit]]:
    """Register a case of the caller's agency with its identifiers and shares; raise the
    hits its identifiers produce (when it is open)."""
    if not policy.may_use_cases(principal):
        policy.require_cases(principal)
    return store_case(db, principal.agency_id, principal.actor, draft, rules,
                      default_agent_id=principal.user_id, now=now)


def store_case(db: Session, agency_id: int, actor: Actor, draft: CaseDraft, rules: HitRules,
               *, default_agent_id: int | None, now: datetime | None = None,
               deconflict_now: bool = True) -> tuple[Case, list[Hit]]:
    if db.scalar(select(Case.id).where(Case.agency_id == agency_id,
                                       Case.case_number == draft.case_number)):
        raise Conflict(f"your agency already has a case {draft.case_number}",
                       field="case_number")
    agent = resolve_agent(db, agency_id, draft.case_agent, default_agent_id)
    case = Case(agency_id=agency_id, case_number=draft.case_number, title=draft.title,
                lead_agency=draft.lead_agency, status=draft.status,
                international=draft.international, offense=draft.offense,
                case_agent_id=agent.id, poc_name=draft.poc_name or agent.full_name,
                poc_phone=draft.poc_phone, poc_email=draft.poc_email or agent.email,
                opened_on=draft.opened_on, created_by=actor.username,
                created_at=now or utcnow(), identifiers=[], shares=[],
                closed_at=(now or utcnow()) if draft.status == "closed" else None)
    db.add(case)
    db.flush()
    for ori in dict.fromkeys(draft.shared_with):
        target = _agency_by_ori(db, ori)
        if target.id != agency_id:
            db.add(CaseShare(case_id=case.id, agency_id=target.id, created_by=actor.username))
    rows = _add_rows(db, case, draft.identifiers, actor.username)
    record(db, actor=actor, action="case.create", object_type="case", object_id=case.id,
           detail={"identifiers": len(rows), "shared_with": draft.shared_with})
    hits = deconflict(db, case, rows, rules, now=now, just_added=True) \
        if deconflict_now else []
    return case, hits


def _add_rows(db: Session, case: Case, parsed: Sequence[ParsedIdentifier],
              username: str) -> list[CaseIdentifier]:
    existing = {(i.kind, i.key, i.qualifier) for i in case.identifiers}
    rows = []
    for p in parsed:
        sig = (p.kind, p.key, p.qualifier or "")
        if sig in existing:
            continue
        existing.add(sig)
        rows.append(CaseIdentifier(case_id=case.id, kind=p.kind, key=p.key,
                                   qualifier=p.qualifier or "", block=p.block,
                                   display=p.display[:260], dob=p.dob, lat=p.lat, lon=p.lon,
                                   added_by=username))
    db.add_all(rows)
    db.flush()
    case.identifiers.extend(rows)
    return rows


def _load_case(db: Session, case_id: int) -> Case:
    case = db.scalar(select(Case).where(Case.id == case_id).options(
        selectinload(Case.identifiers), selectinload(Case.shares)))
    if case is None:
        raise NotFound("no such case")
    return case


def _shared_ids(case: Case) -> frozenset[int]:
    return frozenset(s.agency_id for s in case.shares)


def add_identifiers(db: Session, principal: Principal, case_id: int,
                    parsed: Sequence[ParsedIdentifier], rules: HitRules,
                    *, now: datetime | None = None) -> tuple[list[CaseIdentifier], list[Hit]]:
    case = _load_case(db, case_id)
    policy.check_change_case(principal, case.agency_id, _shared_ids(case))
    rows = _add_rows(db, case, parsed, principal.username)
    record(db, actor=principal.actor, action="case.identifiers.add", object_type="case",
           object_id=case.id, detail={"added": len(rows)})
    return rows, deconflict(db, case, rows, rules, now=now, just_added=True)


def remove_identifier(db: Session, principal: Principal, case_id: int,
                      identifier_id: int) -> None:
    case = _load_case(db, case_id)
    policy.check_change_case(principal, case.agency_id, _shared_ids(case))
    row = next((i for i in case.identifiers if i.id == identifier_id), None)
    if row is None:
        raise NotFound("no such identifier in this case")
    if db.scalar(select(HitParty.id).where(HitParty.identifier_id == row.id).limit(1)):
        raise Conflict("this identifier raised a deconfliction hit; it is kept as the record "
                       "of that hit")
    case.identifiers.remove(row)
    db.delete(row)
    record(db, actor=principal.actor, action="case.identifiers.remove", object_type="case",
           object_id=case.id, detail={"identifier": identifier_id})


def share_case(db: Session, principal: Principal, case_id: int, ori: str) -> CaseShare:
    case = _load_case(db, case_id)
    policy.check_change_case(principal, case.agency_id, _shared_ids(case))
    target = _agency_by_ori(db, ori)
    if target.id == case.agency_id:
        raise InvalidInput("a case is always visible to its own agency", field="shared_with")
    found = next((s for s in case.shares if s.agency_id == target.id), None)
    if found:
        return found
    share = CaseShare(case_id=case.id, agency_id=target.id, created_by=principal.username)
    case.shares.append(share)
    db.flush()
    record(db, actor=principal.actor, action="case.share", object_type="case",
           object_id=case.id, detail={"agency": target.ori})
    return share


def unshare_case(db: Session, principal: Principal, case_id: int, ori: str) -> None:
    case = _load_case(db, case_id)
    policy.check_change_case(principal, case.agency_id, _shared_ids(case))
    target = _agency_by_ori(db, ori)
    for share in [s for s in case.shares if s.agency_id == target.id]:
        case.shares.remove(share)
        db.delete(share)
    record(db, actor=principal.actor, action="case.unshare", object_type="case",
           object_id=case.id, detail={"agency": target.ori})


def set_status(db: Session, principal: Principal, case_id: int, status: str,
               rules: HitRules, *, now: datetime | None = None) -> tuple[Case, list[Hit]]:
    if status not in STATUSES:
        raise InvalidInput(f"{status!r} is not one of {', '.join(STATUSES)}", field="status")
    case = _load_case(db, case_id)
    policy.check_change_case(principal, case.agency_id, _shared_ids(case))
    before, case.status = case.status, status
    case.closed_at = (now or utcnow()) if status == "closed" else None
    record(db, actor=principal.actor, action="case.status", object_type="case",
           object_id=case.id, detail={"from": before, "to": status})
    hits = deconflict(db, case, case.identifiers, rules, now=now) \
        if status == "open" and before != "open" else []
    return case, hits


# --------------------------------------------------------------------------------- reading


def get_case(db: Session, principal: Principal, case_id: int) -> Case:
    """A case for a caller entitled to it; the read is audited (subjects are personal data)."""
    case = _load_case(db, case_id)
    policy.check_read_case(principal, case.agency_id, _shared_ids(case))
    record(db, actor=principal.actor, action="case.read", object_type="case",
           object_id=case.id)
    return case


def visible_cases_filter(principal: Principal) -> Any:
    shared = select(CaseShare.case_id).where(CaseShare.agency_id == principal.agency_id)
    return or_(Case.agency_id == principal.agency_id, Case.id.in_(shared))


def list_cases(db: Session, principal: Principal, *, status: str | None = None,
               q: str | None = None, limit: int = 100, offset: int = 0
               ) -> tuple[Sequence[Case], int]:
    """Cases of the caller's agency and those shared with it (no identifiers read)."""
    if not policy.may_use_cases(principal):
        policy.require_cases(principal)
    stmt = select(Case).where(visible_cases_filter(principal))
    if status:
        if status not in STATUSES:
            raise InvalidInput(f"{status!r} is not one of {', '.join(STATUSES)}",
                               field="status")
        stmt = stmt.where(Case.status == status)
    q = clean_free_text(q, 100)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(Case.case_number.ilike(like), Case.title.ilike(like)))
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.scalars(stmt.order_by(Case.id.desc()).limit(limit).offset(offset)).all()
    return rows, int(total)


def agency_names(db: Session, ids: Iterable[int]) -> dict[int, Agency]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {a.id: a for a in db.scalars(select(Agency).where(Agency.id.in_(wanted)))}


# ------------------------------------------------------------------------ deconfliction


def _pair_key(match: Match) -> str:
    if match.trace_id is not None:
        return f"i{match.identifier_id}-t{match.trace_id}"
    a, b = sorted((match.identifier_id, match.other_identifier_id or 0))
    return f"i{a}-i{b}"


def deconflict(db: Session, case: Case, identifiers: Sequence[CaseIdentifier],
               rules: HitRules, *, now: datetime | None = None,
               just_added: bool = False) -> list[Hit]:
    """Raise a hit for every new match of ``identifiers`` (of ``case``) against other
    agencies' open cases and traces; notify both parties. Idempotent. ``just_added``:
    the identifiers were stored in this transaction, so no hit can name them yet (saves
    the look-up of existing hits)."""
    if case.status != "open" or not identifiers:
        return []
    probes = [Probe(i.id, i.kind, i.key, i.qualifier, i.block) for i in identifiers]
    matches = find_matches(db, case.agency_id, probes, rules.fuzzy_threshold)
    if not matches:
        return []
    keyed: dict[str, Match] = {}
    for m in matches:
        keyed.setdefault(_pair_key(m), m)
    known = set() if just_added else set(db.scalars(
        select(Hit.pair_key).where(Hit.pair_key.in_(list(keyed)))))
    fresh = [m for k, m in keyed.items() if k not in known]
    if not fresh:
        return []
    moment = now or utcnow()
    days_off = holiday_calendar(rules.holidays)
    traces = {t.id: t for t in db.scalars(select(Trace).where(
        Trace.id.in_({m.trace_id for m in fresh if m.trace_id})))}
    by_id = {i.id: i for i in identifiers}
    hits = []
    for m in fresh:
        hit = Hit(pair_key=_pair_key(m), kind=m.kind, match=m.match, score=m.score,
                  raised_at=moment,
                  ack_due_at=add_business_days(moment, rules.acknowledge_days, days_off),
                  resolve_due_at=add_business_days(moment, rules.resolve_days, days_off))
        mine = by_id[m.identifier_id]
        hit.parties.append(_case_party("a", case, mine.id))
        if m.trace_id is not None:
            hit.parties.append(_trace_party(db, traces[m.trace_id]))
        else:
            assert m.other is not None
            o = m.other
            hit.parties.append(HitParty(
                side="b", agency_id=o.agency_id, case_id=o.case_id,
                identifier_id=o.identifier_id, agent_user_id=o.agent_user_id,
                poc_name=o.poc_name, poc_phone=o.poc_phone, poc_email=o.poc_email))
        db.add(hit)
        hits.append(hit)
    db.flush()
    numbers = {case.id: case.case_number}
    texts = {i.id: f"{i.kind}: {i.display}" for i in identifiers}
    for m in fresh:
        if m.other is not None:
            numbers[m.other.case_id] = m.other.case_number
            texts[m.other.identifier_id] = m.other.identifier_text
    _announce(db, case, hits, numbers, texts, traces)
    return hits


def _case_party(side: str, case: Case, identifier_id: int | None) -> HitParty:
    return HitParty(side=side, agency_id=case.agency_id, case_id=case.id,
                    identifier_id=identifier_id, agent_user_id=case.case_agent_id,
                    poc_name=case.poc_name, poc_phone=case.poc_phone,
                    poc_email=case.poc_email)


def _trace_party(db: Session, trace: Trace) -> HitParty:
    user = db.scalar(select(User).where(User.username == trace.submitted_by,
                                        User.agency_id == trace.agency_id))
    agency = db.get(Agency, trace.agency_id)
    return HitParty(side="b", agency_id=trace.agency_id, trace_id=trace.id,
                    agent_user_id=user.id if user else None,
                    poc_name=user.full_name if user else (agency.name if agency else "?"),
                    poc_email=user.email if user else None)


# ----------------------------------------------------------------------------- messages


@dataclass(frozen=True)
class PartyView:
    """What one side of a hit may know about itself (everything) and the other side
    (point of contact only)."""

    side: str
    agency_ori: str
    agency_name: str
    poc_name: str
    poc_phone: str | None
    poc_email: str | None


def _own_reference(party: HitParty, numbers: dict[int, str], traces: dict[int, Trace]
                   ) -> Text:
    if party.case_id is not None:
        return messages.own_reference("case", numbers.get(party.case_id))
    trace = traces.get(party.trace_id) if party.trace_id else None
    return messages.own_reference("trace", trace.request_ref if trace else None)


def _own_identifier(party: HitParty, texts: dict[int, str], traces: dict[int, Trace]
                    ) -> Text:
    if party.identifier_id is not None:
        return texts.get(party.identifier_id, "")
    trace = traces.get(party.trace_id) if party.trace_id else None
    if trace is None:
        return ""
    return messages.traced_firearm(f"{trace.manufacturer or ''} {trace.serial_raw or ''}")


def contact_line(view: PartyView) -> str:
    parts = [view.poc_name, f"{view.agency_name} ({view.agency_ori})"]
    parts += [p for p in (view.poc_phone, view.poc_email) if p]
    return ", ".join(parts)


def party_view(party: HitParty, agencies: dict[int, Agency]) -> PartyView:
    agency = agencies.get(party.agency_id)
    return PartyView(party.side, agency.ori if agency else "?", agency.name if agency else "?",
                     party.poc_name, party.poc_phone, party.poc_email)


def _announce(db: Session, case: Case, hits: Sequence[Hit], numbers: dict[int, str],
              texts: dict[int, str], traces: dict[int, Trace]) -> None:
    """Tell each party's agent: its own record, and whom to call. Never the other side's
    case number, title, offense or identifiers. One audit event for the whole check."""
    agencies = agency_names(db, {p.agency_id for h in hits for p in h.parties})
    outgoing = []
    for hit in hits:
        a, b = hit.parties
        for me, other in ((a, b), (b, a)):
            if me.agent_user_id is None:
                continue
            contact = contact_line(party_view(other, agencies))
            mine = _own_reference(me, numbers, traces)
            link = f"/cases/hits/{hit.id}"
            body = messages.hit_body(mine, _own_identifier(me, texts, traces), contact,
                                     hit.ack_due_at, hit.resolve_due_at, link)
            outgoing.append(Message(me.agent_user_id, "case_hit", messages.hit_subject(mine),
                                    body, link))
    notify_many(db, outgoing)
    record(db, actor=Actor(None, "system", None), action="case.hit.raise",
           object_type="case", object_id=case.id,
           detail={"hits": [{"id": h.id, "kind": h.kind, "match": h.match,
                             "agencies": sorted(agencies[p.agency_id].ori for p in h.parties
                                                if p.agency_id in agencies)} for h in hits]})


# ------------------------------------------------------------------------------ hits


def hits_for(db: Session, principal: Principal, *, status: str | None = None,
             limit: int = 200) -> Sequence[Hit]:
    """The hits of the caller's agency, newest first."""
    if not policy.may_use_cases(principal):
        policy.require_cases(principal)
    mine = select(HitParty.hit_id).where(HitParty.agency_id == principal.agency_id)
    stmt = select(Hit).where(Hit.id.in_(mine))
    if status == "pending":
        stmt = stmt.where(Hit.status != "resolved")
    elif status:
        stmt = stmt.where(Hit.status == status)
    return db.scalars(stmt.order_by(Hit.id.desc()).limit(limit)).all()


def get_hit(db: Session, principal: Principal, hit_id: int) -> Hit:
    hit = db.get(Hit, hit_id)
    if hit is None or not policy.may_see_hit(principal, {p.agency_id for p in hit.parties}):
        if not policy.may_use_cases(principal):
            policy.require_cases(principal)
        raise NotFound("no such hit")
    return hit


def my_party(hit: Hit, principal: Principal) -> HitParty:
    mine = [p for p in hit.parties if p.agency_id == principal.agency_id]
    return mine[0]


def other_party(hit: Hit, principal: Principal) -> HitParty:
    mine = my_party(hit, principal)
    return next(p for p in hit.parties if p is not mine)


def acknowledge(db: Session, principal: Principal, hit_id: int,
                *, now: datetime | None = None) -> Hit:
    hit = get_hit(db, principal, hit_id)
    moment = now or utcnow()
    for party in hit.parties:
        if party.agency_id == principal.agency_id and party.acknowledged_at is None:
            party.acknowledged_at, party.acknowledged_by = moment, principal.username
    if all(p.acknowledged_at for p in hit.parties) and hit.status == "open":
        hit.status = "acknowledged"
        hit.acknowledged_at = max(p.acknowledged_at for p in hit.parties
                                  if p.acknowledged_at is not None)
    db.flush()
    record(db, actor=principal.actor, action="case.hit.acknowledge", object_type="case_hit",
           object_id=hit.id)
    return hit


def resolve(db: Session, principal: Principal, hit_id: int, resolution: str,
            note: str | None = None, *, now: datetime | None = None) -> Hit:
    if resolution not in RESOLUTIONS:
        raise InvalidInput(f"{resolution!r} is not one of {', '.join(RESOLUTIONS)}",
                           field="resolution")
    hit = get_hit(db, principal, hit_id)
    if hit.status == "resolved":
        raise Conflict("this hit is already resolved")
    moment = now or utcnow()
    acknowledge(db, principal, hit_id, now=moment)
    hit.status, hit.resolution = "resolved", resolution
    hit.resolution_note = clean_free_text(note, 500)
    hit.resolved_at, hit.resolved_by = moment, principal.username
    db.flush()
    record(db, actor=principal.actor, action="case.hit.resolve", object_type="case_hit",
           object_id=hit.id, detail={"resolution": resolution})
    other = other_party(hit, principal)
    if other.agent_user_id is not None:
        link = f"/cases/hits/{hit.id}"
        notify(db, [other.agent_user_id], topic="case_hit",
               subject=messages.resolved_subject(),
               body=messages.resolved_body(link, principal.agency_name, resolution),
               link=link)
    return hit


def _supervisors(db: Session, agency_ids: Iterable[int]) -> list[int]:
    return list(db.scalars(select(User.id).join(UserRole, UserRole.user_id == User.id).where(
        User.agency_id.in_(sorted(set(agency_ids))), User.active.is_(True),
        UserRole.role == Role.SUPERVISOR.value)))


def escalate_overdue(db: Session, *, now: datetime | None = None) -> list[Hit]:
    """Hits whose acknowledgement or resolution is overdue go to the supervisors of both
    agencies (once per deadline). Run by ``armsflow cases escalate`` and on page load."""
    moment = now or utcnow()
    unacked = exists().where(HitParty.hit_id == Hit.id, HitParty.acknowledged_at.is_(None))
    overdue = db.scalars(select(Hit).where(Hit.status != "resolved", or_(
        and_(Hit.escalated_at.is_(None), Hit.ack_due_at < moment, unacked),
        and_(Hit.resolve_escalated_at.is_(None), Hit.resolve_due_at < moment)))).all()
    if not overdue:
        return []
    agencies = agency_names(db, {p.agency_id for h in overdue for p in h.parties})
    for hit in overdue:
        late_ack = hit.escalated_at is None and hit.ack_due_at < moment and any(
            p.acknowledged_at is None for p in hit.parties)
        what = "acknowledged" if late_ack else "resolved"  # audit detail, not shown
        if late_ack:
            hit.escalated_at = moment
        else:
            hit.resolve_escalated_at = moment
        due = hit.ack_due_at if late_ack else hit.resolve_due_at
        names = " and ".join(agencies[p.agency_id].ori for p in hit.parties
                             if p.agency_id in agencies)
        notify(db, _supervisors(db, [p.agency_id for p in hit.parties]),
               topic="case_hit_escalation", subject=messages.overdue_subject(hit.id),
               body=messages.overdue_body(hit.id, names, late_ack, due,
                                          f"/cases/hits/{hit.id}"),
               link=f"/cases/hits/{hit.id}")
        record(db, actor=Actor(None, "system", None), action="case.hit.escalate",
               object_type="case_hit", object_id=hit.id, detail={"overdue": what})
    db.flush()
    return list(overdue)


# ------------------------------------------------------------------------ statistics


@dataclass
class HitStatistics:
    """Deconfliction figures for [since, until) (the compliance dashboard's input).

    ``raised``: hits raised in the window. Of those: ``acknowledged_in_time`` (every party
    acknowledged by the deadline), ``acknowledged_late`` (all acknowledged, one after the
    deadline), ``unacknowledged_overdue`` (a party has not acknowledged and the deadline
    passed before ``until``), ``awaiting_acknowledgement`` (not all acknowledged, deadline
    not yet passed), ``late`` = acknowledged_late + unacknowledged_overdue, ``resolved`` and
    ``unresolved`` (as of now), ``by_resolution``. ``by_agency_pair``: ORI pair ("A/B",
    sorted) -> hits raised. International firearms cases: cases flagged international with
    a firearm identifier, opened by ``until`` and not closed before ``since``;
    ``coordinated`` when shared with another agency or party to a hit resolved as coordinate
    or joint investigation.
    """

    since: datetime
    until: datetime
    raised: int = 0
    acknowledged_in_time: int = 0
    acknowledged_late: int = 0
    unacknowledged_overdue: int = 0
    awaiting_acknowledgement: int = 0
    late: int = 0
    resolved: int = 0
    unresolved: int = 0
    by_resolution: dict[str, int] = field(default_factory=dict)
    by_agency_pair: dict[str, int] = field(default_factory=dict)
    international_firearms_cases: int = 0
    international_coordinated: int = 0
    international_not_coordinated: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def hit_statistics(db: Session, since: datetime, until: datetime) -> HitStatistics:
    """Counts for the ATF-ICE agreement's compliance dashboard (armsflow.monitoring)."""
    stats = HitStatistics(since=since, until=until)
    hits = db.scalars(select(Hit).where(Hit.raised_at >= since, Hit.raised_at < until)
                      .options(selectinload(Hit.parties))).all()
    agencies = agency_names(db, {p.agency_id for h in hits for p in h.parties})
    pairs: Counter[str] = Counter()
    resolutions: Counter[str] = Counter()
    for hit in hits:
        stats.raised += 1
        acks = [p.acknowledged_at for p in hit.parties]
        if all(acks):
            if max(a for a in acks if a) <= hit.ack_due_at:
                stats.acknowledged_in_time += 1
            else:
                stats.acknowledged_late += 1
        elif hit.ack_due_at < until:
            stats.unacknowledged_overdue += 1
        else:
            stats.awaiting_acknowledgement += 1
        if hit.status == "resolved":
            stats.resolved += 1
            resolutions[hit.resolution or "?"] += 1
        else:
            stats.unresolved += 1
        oris = sorted(agencies[p.agency_id].ori if p.agency_id in agencies else "?"
                      for p in hit.parties)
        pairs["/".join(oris)] += 1
    stats.late = stats.acknowledged_late + stats.unacknowledged_overdue
    stats.by_resolution = dict(sorted(resolutions.items()))
    stats.by_agency_pair = dict(sorted(pairs.items()))
    _international(db, stats)
    return stats


def _international(db: Session, stats: HitStatistics) -> None:
    firearm = exists().where(CaseIdentifier.case_id == Case.id,
                             CaseIdentifier.kind == "firearm")
    cases = db.scalars(select(Case.id).where(
        Case.international.is_(True), firearm, Case.opened_on <= stats.until.date(),
        or_(Case.closed_at.is_(None), Case.closed_at >= stats.since))).all()
    if not cases:
        return
    shared = set(db.scalars(select(CaseShare.case_id).where(CaseShare.case_id.in_(cases))))
    coordinated_hits = set(db.scalars(select(HitParty.case_id).join(
        Hit, Hit.id == HitParty.hit_id).where(
        HitParty.case_id.in_(cases),
        Hit.resolution.in_(["coordinate", "joint_investigation"]))))
    stats.international_firearms_cases = len(cases)
    stats.international_coordinated = len(set(cases) & (shared | coordinated_hits))
    stats.international_not_coordinated = (stats.international_firearms_cases
                                           - stats.international_coordinated)
