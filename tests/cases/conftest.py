"""Fixtures of the cases tests: a second federal agency (HSI) with an agent and a
supervisor, supervisors at ATF, e-mail addresses, and principals by username."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.auth.principal import Principal

PASSWORD = "correct-horse-42"
EXTRA_USERS = {
    # username: (agency, roles, email)
    "hsi_agent": ("DCICE0000", ["investigator"], "hsi.agent@hsi.example"),
    "hsi_super": ("DCICE0000", ["supervisor"], "hsi.super@hsi.example"),
    "atf_super": ("WVATF0900", ["supervisor"], "atf.super@atf.example"),
}


@pytest.fixture
def case_accounts(session_factory: sessionmaker[Session],
                  accounts: dict[str, int]) -> dict[str, int]:
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth
    from armsflow.auth.models import User

    ids = accounts  # the same dict: token_for finds the extra users too
    with session_factory() as db:
        auth.create_agency(db, actor=SYSTEM, ori="DCICE0000",
                           name="Homeland Security Investigations", kind="federal",
                           country="US", state="DC")
        for username, (ori, roles, email) in EXTRA_USERS.items():
            user = auth.create_user(db, actor=SYSTEM, username=username, password=PASSWORD,
                                    full_name=username.replace("_", " ").title(),
                                    agency_ori=ori, roles=roles, email=email)
            ids[username] = user.id
        for username in ("analyst", "investigator", "local_analyst"):
            db.scalars(select(User).where(User.username == username)).one().email = \
                f"{username}@example.gov"
        db.commit()
    return ids


@pytest.fixture
def principal(session_factory: sessionmaker[Session],
              case_accounts: dict[str, int]) -> Callable[[str], Principal]:
    from armsflow.auth import service as auth
    from armsflow.auth.models import User

    def make(username: str) -> Principal:
        with session_factory() as db:
            user = db.scalars(select(User).where(User.username == username)).one()
            return auth.principal_of(user)

    return make


def case_fields(number: str, **extra: Any) -> dict[str, str]:
    base = {"case_number": number, "title": f"Title of {number}", "lead_agency": "ATF",
            "status": "open", "international": "no", "offense": "Straw purchasing",
            "opened_on": date(2026, 1, 5).isoformat()}
    base.update({k: str(v) for k, v in extra.items()})
    return base


@pytest.fixture
def make_draft() -> Callable[..., Any]:
    """``make_draft(number, identifiers=[{kind, value...}], shared_with=[ORI], **fields)``."""
    from armsflow.cases.drafts import parse_case, parse_identifiers

    def make(number: str, identifiers: list[dict[str, str]] | None = None,
             shared_with: list[str] | None = None, **extra: Any) -> Any:
        draft, problems = parse_case(case_fields(number, **extra))
        assert draft is not None, problems
        parsed, bad = parse_identifiers(identifiers or [])
        assert not bad, bad
        draft.identifiers = parsed
        draft.shared_with = shared_with or []
        return draft

    return make
