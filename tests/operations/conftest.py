"""Two agencies that plan operations: ATF (the shared accounts fixture) and HSI."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

PASSWORD = "correct-horse-42"
HSI = ("DCICE0000", "Homeland Security Investigations", "federal", "US", "DC")
EXTRA_USERS = {
    # username -> (agency ORI, roles, e-mail)
    "hsi_agent": ("DCICE0000", ["investigator"], "hsi.agent@example.gov"),
    "hsi_supervisor": ("DCICE0000", ["supervisor"], "hsi.sup@example.gov"),
    "atf_supervisor": ("WVATF0900", ["supervisor"], "atf.sup@example.gov"),
}


@pytest.fixture
def ops_accounts(session_factory: sessionmaker[Session], accounts: dict[str, int]
                 ) -> dict[str, int]:
    """The shared accounts plus HSI's agent and supervisor and an ATF supervisor."""
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth

    ids = dict(accounts)
    with session_factory() as db:
        auth.create_agency(db, actor=SYSTEM, ori=HSI[0], name=HSI[1], kind=HSI[2],
                           country=HSI[3], state=HSI[4])
        for username, (ori, roles, email) in EXTRA_USERS.items():
            user = auth.create_user(db, actor=SYSTEM, username=username, password=PASSWORD,
                                    full_name=username.replace("_", " ").title(),
                                    agency_ori=ori, roles=roles, email=email)
            ids[username] = user.id
        db.commit()
    return ids


def principal_named(db: Session, username: str):  # type: ignore[no-untyped-def]
    """The Principal of a user, as the web layer builds it."""
    from sqlalchemy import select

    from armsflow.auth.models import User
    from armsflow.auth.service import principal_of

    user = db.scalar(select(User).where(User.username == username))
    assert user is not None
    return principal_of(user)


@pytest.fixture
def principal():  # type: ignore[no-untyped-def]
    return principal_named
