"""Telling both parties of an event conflict: the one function behind which notification
sits. Each party gets an inbox row and e-mail (``armsflow.notify``) naming the other
party's agency and point of contact only, never the other operation's details."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from armsflow.audit.service import SYSTEM, Actor, record
from armsflow.auth.models import Agency, User, UserRole
from armsflow.notify.service import Gettext, Text, notify
from armsflow.operations.models import OperationConflict, PlannedOperation
from armsflow.operations.windows import in_zone

RECIPIENT_ROLES = ("investigator", "supervisor")
TOPIC = "event_conflict"


def recipients(db: Session, op: PlannedOperation) -> list[int]:
    """Who hears of a conflict for ``op``: the user who planned it, and the supervisors of
    its agency (or, when planned from the command line, its investigators)."""
    roles = ("supervisor",) if op.created_by_id else RECIPIENT_ROLES
    ids = set(db.scalars(select(User.id).join(UserRole, UserRole.user_id == User.id).where(
        User.agency_id == op.agency_id, User.active.is_(True), UserRole.role.in_(roles))))
    if op.created_by_id:
        ids.add(op.created_by_id)
    return sorted(ids)


def message(mine: PlannedOperation, other: PlannedOperation, other_agency: Agency,
            conflict_id: int) -> tuple[Text, Text]:
    """Subject and body for the party that owns ``mine``, in each reader's language."""
    start = in_zone(mine.starts_at, mine.timezone)
    values = {"reference": mine.reference, "agency": other_agency.name,
              "ori": other_agency.ori, "start": f"{start:%Y-%m-%d %H:%M}",
              "zone": mine.timezone, "name": other.contact_name,
              "phone": other.contact_phone, "email": other.contact_email or "",
              "conflict": conflict_id}

    def subject(_: Gettext) -> str:
        return _("Event conflict: your operation %(reference)s and %(agency)s") % values

    def body(_: Gettext) -> str:
        contact = (_("Point of contact: %(name)s, phone %(phone)s, e-mail %(email)s.")
                   if other.contact_email else
                   _("Point of contact: %(name)s, phone %(phone)s."))
        return "".join((
            _("Your planned operation %(reference)s (starting %(start)s %(zone)s) overlaps "
              "in place and time with an operation of %(agency)s (%(ori)s).") % values,
            "\n\n", contact % values, "\n\n",
            _("Call them before you act. No details of either operation have been "
              "exchanged."), "\n",
            _("Conflict %(conflict)s: acknowledge and resolve it in ArmsFlow, Operations.")
            % values))

    return subject, body


def conflict_raised(db: Session, conflict: OperationConflict, first: PlannedOperation,
                    second: PlannedOperation, actor: Actor = SYSTEM) -> None:
    """Notify both parties (in the caller's transaction; e-mail leaves after commit)."""
    for mine, other in ((first, second), (second, first)):
        agency = db.get(Agency, other.agency_id)
        assert agency is not None
        subject, body = message(mine, other, agency, conflict.id)
        users = recipients(db, mine)
        notify(db, users, topic=TOPIC, subject=subject, body=body,
               link=f"/operations/conflicts#conflict-{conflict.id}")
        record(db, actor=actor, action="operations.conflict_notified",
               object_type="operation_conflict", object_id=conflict.id,
               detail={"operation": mine.id, "users": users})

