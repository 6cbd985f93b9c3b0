"""The demo content of operations and monitoring: two overlapping operations of HSI and ATF
that conflict, Project Deliverance, a recorded year with gaps; loading twice adds nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM


def test_demo_operations_conflict_and_reload_idempotently(
    session_factory: sessionmaker[Session], accounts: dict[str, int], tmp_path: Path
) -> None:
    from armsflow.auth import service as auth
    from armsflow.auth.models import User
    from armsflow.operations import demo
    from armsflow.operations.models import JointOperationTally, OperationConflict

    with session_factory() as db:   # as in the demo world: the investigator is HSI's
        hsi = auth.create_agency(db, actor=SYSTEM, ori="DCICE0000", name="HSI",
                                 kind="federal", country="US", state="DC")
        user = db.scalar(select(User).where(User.username == "investigator"))
        assert user is not None
        user.agency_id = hsi.id
        db.commit()
    demo.load_demo(session_factory, tmp_path)
    demo.load_demo(session_factory, tmp_path)
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(OperationConflict)) == 1
        assert db.scalar(select(func.count()).select_from(JointOperationTally)) == 11


def test_demo_year_has_the_gaps_it_promises(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    from armsflow.monitoring import demo, service
    from armsflow.monitoring.models import MonitoringActivity

    demo.load_demo(session_factory, tmp_path)
    demo.load_demo(session_factory, tmp_path)
    year = datetime.now(UTC).year - 1
    with session_factory() as db:
        count = db.scalar(select(func.count()).select_from(MonitoringActivity))
        assert count == 11 + 6 + 1 + 3 + 4 + 1 + 3
        board = service.build(db, date(year, 1, 1), date(year + 1, 1, 1),
                              today=date(year + 1, 1, 31))
    missed = {a.kind: len(a.missed) for a in board.activities}
    assert missed == {"tecs_check": 1, "cms_check": 6, "mou_training": 0,
                      "midlevel_meeting": 1, "foreign_post_meeting": 1,
                      "executive_meeting": 1}
    assert board.investigations.not_coordinated == [f"TECS-{year}-032"]
    assert ("training_absent", "ICE|1") in board.gaps
