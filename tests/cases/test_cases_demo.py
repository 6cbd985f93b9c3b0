"""The demo cases load through the service, raise the two expected hits, and reload
without change."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.cases.demo import load_demo
from armsflow.cases.models import Case, Hit


def test_demo_cases_raise_hits_and_reload_idempotently(
    session_factory: sessionmaker[Session], case_accounts: dict[str, int], tmp_path: Path,
) -> None:
    # the demo's investigator is HSI's: move the test investigator there
    from armsflow.auth.models import Agency, User

    with session_factory() as db:
        hsi = db.scalars(select(Agency).where(Agency.ori == "DCICE0000")).one()
        db.scalars(select(User).where(User.username == "investigator")).one().agency_id = hsi.id
        db.commit()
    load_demo(session_factory, tmp_path)
    load_demo(session_factory, tmp_path)
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(Case)) == 3
        assert sorted(db.scalars(select(Hit.kind))) == ["firearm", "phone"]
