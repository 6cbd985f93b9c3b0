"""Planning operations on a real database (SQLite and PostgreSQL): the conflict is raised
at once to both parties, each seeing only the other's point of contact."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.errors import Forbidden, InvalidInput, NotFound
from armsflow.operations import service
from armsflow.operations.schemas import OperationCreate
from armsflow.operations.vocab import ConflictResolution, OperationKind

EL_PASO = (31.7619, -106.4850)


def _op(ref: str, *, lat: float = EL_PASO[0], lon: float = EL_PASO[1], radius: float = 500,
        start: datetime = datetime(2025, 6, 3, 6), end: datetime = datetime(2025, 6, 3, 9),
        tz: str = "America/Denver", phone: str = "+1 915 555 0100") -> OperationCreate:
    return OperationCreate(reference=ref, kind=OperationKind.SEARCH_WARRANT, lat=lat, lon=lon,
                           radius_m=radius, timezone=tz, starts_at=start, ends_at=end,
                           contact_phone=phone, contact_email=f"{ref.lower()}@example.gov",
                           notes=f"secret details of {ref}")


def _notifications(db: Session) -> list[tuple[int, str, str]]:
    from armsflow.notify.models import Notification

    return [(n.user_id, n.subject, n.body) for n in db.scalars(select(Notification))]


def test_overlapping_operations_of_two_agencies_raise_one_conflict_to_both(
    session_factory: sessionmaker[Session], ops_accounts: dict[str, int],
    principal: Any
) -> None:
    with session_factory() as db:
        atf, hsi = principal(db, "investigator"), principal(db, "hsi_agent")
        first = service.plan(db, atf, _op("ATF-WARRANT-7", phone="+1 915 555 0101"))
        assert first.conflicts == []
        second = service.plan(db, hsi, _op("HSI-BUY-3", lon=EL_PASO[1] + 0.005,
                                           start=datetime(2025, 6, 3, 8),
                                           end=datetime(2025, 6, 3, 11),
                                           phone="+1 915 555 0202"))
        assert len(second.conflicts) == 1
        db.commit()

        seen_by_atf = service.conflicts(db, atf)
        seen_by_hsi = service.conflicts(db, hsi)
        assert [c.my_operation_reference for c in seen_by_atf] == ["ATF-WARRANT-7"]
        assert [c.my_operation_reference for c in seen_by_hsi] == ["HSI-BUY-3"]
        assert seen_by_atf[0].other_party.agency_ori == "DCICE0000"
        assert seen_by_atf[0].other_party.contact_phone == "+1 915 555 0202"
        assert seen_by_hsi[0].other_party.agency_ori == "WVATF0900"
        assert seen_by_hsi[0].other_party.contact_phone == "+1 915 555 0101"
        # Nothing of the other operation but its point of contact.
        dumped = seen_by_atf[0].model_dump_json()
        assert "HSI-BUY-3" not in dumped and "secret" not in dumped

        notes = _notifications(db)
        to_hsi = [n for n in notes if n[0] == ops_accounts["hsi_agent"]]
        to_atf = [n for n in notes if n[0] == ops_accounts["investigator"]]
        assert len(to_hsi) == 1 and len(to_atf) == 1
        assert "+1 915 555 0101" in to_hsi[0][2] and "ATF-WARRANT-7" not in to_hsi[0][2]
        assert "+1 915 555 0202" in to_atf[0][2] and "HSI-BUY-3" not in to_atf[0][2]
        # Supervisors of both agencies hear of it too.
        assert {ops_accounts["hsi_supervisor"], ops_accounts["atf_supervisor"]} <= {
            n[0] for n in notes}


def test_same_agency_touching_windows_and_distant_places_raise_nothing(
    session_factory: sessionmaker[Session], ops_accounts: dict[str, int],
    principal: Any
) -> None:
    with session_factory() as db:
        atf, hsi = principal(db, "investigator"), principal(db, "hsi_agent")
        service.plan(db, atf, _op("A1"))
        assert service.plan(db, atf, _op("A2")).conflicts == []                 # same agency
        assert service.plan(db, hsi, _op("H1", start=datetime(2025, 6, 3, 9),
                                         end=datetime(2025, 6, 3, 10))).conflicts == []
        assert service.plan(db, hsi, _op("H2", lat=EL_PASO[0] + 0.2)).conflicts == []


def test_conflict_across_the_border_and_time_zones(
    session_factory: sessionmaker[Session], ops_accounts: dict[str, int],
    principal: Any
) -> None:
    """El Paso (Mountain time, DST) and Ciudad Juarez across the river: the FGR plans
    08:00-10:00 in America/Ciudad_Juarez's neighbour zone Mexico City (UTC-6 since 2022),
    ATF 07:00-08:00 Mountain daylight time (UTC-6): the same instants, so they conflict."""
    with session_factory() as db:
        atf, fgr = principal(db, "investigator"), principal(db, "fgr_investigator")
        service.plan(db, atf, _op("ATF-1", start=datetime(2025, 6, 3, 7),
                                  end=datetime(2025, 6, 3, 8)))
        juarez = _op("FGR-1", lat=31.7450, lon=-106.4870, radius=2000,
                     start=datetime(2025, 6, 3, 7, 30), end=datetime(2025, 6, 3, 9),
                     tz="America/Mexico_City")
        assert len(service.plan(db, fgr, juarez).conflicts) == 1


def test_acknowledge_resolve_and_cancel(
    session_factory: sessionmaker[Session], ops_accounts: dict[str, int],
    principal: Any
) -> None:
    with session_factory() as db:
        atf, hsi = principal(db, "investigator"), principal(db, "hsi_agent")
        service.plan(db, atf, _op("A"))
        planned = service.plan(db, hsi, _op("H"))
        cid = planned.conflicts[0].id
        seen = service.acknowledge(db, hsi, cid)
        assert seen.acknowledged_by_me and not seen.acknowledged_by_them
        assert service.acknowledge(db, atf, cid).acknowledged_by_them
        with pytest.raises(NotFound):
            service.acknowledge(db, principal(db, "local_analyst"), cid)  # Houston PD
        with pytest.raises(InvalidInput):
            service.resolve(db, atf, cid, ConflictResolution.CANCELLED)
        done = service.resolve(db, atf, cid, ConflictResolution.COORDINATED)
        assert (done.status, done.resolution) == ("resolved", "coordinated")

        other = service.plan(db, atf, _op("A-again"))
        assert len(other.conflicts) == 1
        service.cancel(db, hsi, planned.operation.id)
        assert [c.status for c in service.conflicts(db, atf, open_only=True)] == []
        # A cancelled operation is no longer deconflicted against.
        assert service.plan(db, atf, _op("A-third")).conflicts == []


def test_other_agencies_cannot_see_or_cancel_an_operation(
    session_factory: sessionmaker[Session], ops_accounts: dict[str, int],
    principal: Any
) -> None:
    with session_factory() as db:
        atf, hsi = principal(db, "investigator"), principal(db, "hsi_agent")
        op = service.plan(db, atf, _op("A")).operation
        with pytest.raises(NotFound):
            service.get(db, hsi, op.id)
        with pytest.raises(NotFound):
            service.cancel(db, hsi, op.id)
        assert service.list_operations(db, hsi) == []
        with pytest.raises(Forbidden):
            service.plan(db, principal(db, "requester"), _op("X"))   # requesters may not


def test_bad_input_names_the_field(
    session_factory: sessionmaker[Session], ops_accounts: dict[str, int],
    principal: Any
) -> None:
    with session_factory() as db:
        atf = principal(db, "investigator")
        with pytest.raises(InvalidInput) as err:
            service.plan(db, atf, _op("A", start=datetime(2025, 3, 9, 2, 30),
                                      end=datetime(2025, 3, 9, 5), tz="America/Chicago"))
        assert err.value.field == "starts_at"
        with pytest.raises(InvalidInput) as err:
            service.plan(db, atf, _op("A", tz="Nowhere/Else"))
        assert err.value.field == "timezone"
