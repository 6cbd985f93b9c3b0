"""What the demo world (``make run``) holds of the cases feature: an ATF case (analyst,
WVATF0900) and an HSI case (investigator, DCICE0000) that share a firearm serial and a
phone, so the demo opens with two deconfliction hits waiting in both inboxes; a third,
closed case raises nothing. Registered through the same service users call."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.auth import service as auth
from armsflow.auth.models import User
from armsflow.cases import service
from armsflow.cases.drafts import parse_case, parse_identifiers
from armsflow.cases.models import Case
from armsflow.db.session import unit_of_work

GUN = {"kind": "firearm", "value": "DEMO-7731", "manufacturer": "Glock"}
PHONE = {"kind": "phone", "value": "+52 656 555 0142"}
CASES = [
    ("analyst", {"case_number": "ATF-WV-2026-0142", "title": "Straw purchases for Ciudad "
                 "Juárez", "lead_agency": "ATF", "international": "yes",
                 "offense": "Straw purchasing and dealing without a licence",
                 "poc_phone": "+1 304 555 0142", "opened_on": "2026-09-01"},
     [GUN, PHONE, {"kind": "person", "value": "Ruben Calderon", "dob": "1988-02-11"}]),
    ("investigator", {"case_number": "HSI-ELP-2026-77", "title": "Southbound shipments "
                      "through El Paso", "lead_agency": "HSI", "international": "yes",
                      "offense": "Smuggling goods from the United States (18 U.S.C. 554)",
                      "poc_phone": "+1 915 555 0177", "opened_on": "2026-10-15"},
     [{**GUN, "value": "demo 7731"}, PHONE,
      {"kind": "plate", "value": "ELP-4421", "state": "TX"}]),
    ("investigator", {"case_number": "HSI-ELP-2025-12", "title": "Closed export case",
                      "lead_agency": "HSI", "status": "closed", "offense": "Export",
                      "opened_on": "2025-03-01"},
     [{"kind": "email", "value": "envios@example.mx"}]),
]


def load_demo(session_factory: sessionmaker[Session], world: Path) -> None:
    """Called by armsflow.demo.load after registry, traces and accounts are loaded;
    ``world`` is the simulator's output folder (with truth/). Idempotent."""
    rules = service.HitRules()
    for username, fields, identifiers in CASES:
        with unit_of_work(session_factory) as db:
            user = db.scalar(select(User).where(User.username == username))
            if user is None:
                continue
            if db.scalar(select(Case.id).where(Case.agency_id == user.agency_id,
                                               Case.case_number == fields["case_number"])):
                continue
            draft, problems = parse_case(fields)
            parsed, bad = parse_identifiers(identifiers)
            if draft is None or problems or bad:
                raise ValueError(f"demo case {fields['case_number']}: {problems or bad}")
            draft.identifiers = parsed
            service.create_case(db, auth.principal_of(user), draft, rules)
