"""Operations pages and API through the app (SQLite and PostgreSQL): two agencies plan
overlapping operations, each sees the conflict with only the other's point of contact;
joint operations summary and exports; access by role."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session, sessionmaker

PASSWORD = "correct-horse-42"


def add_hsi(session_factory: sessionmaker[Session]) -> None:
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth

    with session_factory() as db:
        auth.create_agency(db, actor=SYSTEM, ori="DCICE0000",
                           name="Homeland Security Investigations", kind="federal",
                           country="US", state="DC")
        auth.create_user(db, actor=SYSTEM, username="hsi_agent", password=PASSWORD,
                         full_name="Hana Agent", agency_ori="DCICE0000",
                         roles=["investigator"], email="hana@example.gov")
        auth.create_user(db, actor=SYSTEM, username="coordinator", password=PASSWORD,
                         full_name="Coco Ordinator", agency_ori="WVATF0900",
                         roles=["supervisor"])
        db.commit()


def _login(client, username: str) -> str:  # type: ignore[no-untyped-def]
    client.cookies.clear()
    resp = client.post("/login", data={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    match = re.search(r'name="csrf_token" value="([^"]+)"', resp.text)
    assert match
    return match.group(1)


def _plan(client, csrf: str, ref: str, phone: str, start: str, end: str,  # type: ignore[no-untyped-def]
          tz: str = "America/Chicago", lon: str = "-95.3698"):
    return client.post("/operations/new", data={
        "csrf_token": csrf, "reference": ref, "kind": "search_warrant", "lat": "29.7604",
        "lon": lon, "radius_m": "250", "timezone": tz, "starts_at": start, "ends_at": end,
        "contact_name": f"Agent {phone[-4:]}", "contact_phone": phone, "notes": f"secret {ref}"},
        follow_redirects=False)


def test_two_agencies_plan_overlapping_operations_in_pages(  # type: ignore[no-untyped-def]
    client, accounts, session_factory
) -> None:
    add_hsi(session_factory)
    csrf = _login(client, "investigator")
    resp = _plan(client, csrf, "ATF-OP-1", "+1 713 555 0101", "2025-03-09T01:00",
                 "2025-03-09T04:00")
    assert resp.status_code == 303
    page = client.get(resp.headers["location"]).text
    assert 'id="no-conflict"' in page

    csrf = _login(client, "hsi_agent")
    # 02:00-03:00 in Mexico City is 08:00-09:00Z: inside ATF's 07:00-09:00Z (spring forward).
    resp = _plan(client, csrf, "HSI-OP-9", "+1 713 555 0202", "2025-03-09T02:00",
                 "2025-03-09T03:00", tz="America/Mexico_City", lon="-95.3720")
    page = client.get(resp.headers["location"]).text
    assert 'id="conflict-alert"' in page and "+1 713 555 0101" in page
    assert "ATF-OP-1" not in page and "secret" not in page
    conflicts = client.get("/operations/conflicts").text
    assert "HSI-OP-9" in conflicts and "ATF National Tracing Center" in conflicts
    cid = re.search(r'id="conflict-(\d+)"', conflicts).group(1)  # type: ignore[union-attr]
    assert client.post(f"/operations/conflicts/{cid}/acknowledge",
                       data={"csrf_token": csrf}).status_code == 200

    _login(client, "investigator")
    conflicts = client.get("/operations/conflicts").text
    assert "+1 713 555 0202" in conflicts and "HSI-OP-9" not in conflicts
    assert "acknowledged by them" in conflicts

    _login(client, "coordinator")
    board = client.get("/monitoring").text
    assert re.search(r'id="conflicts-detected">1<', board)
    assert re.search(r'id="conflicts-unresolved">1<', board)


def test_planning_form_reports_bad_fields(client, accounts) -> None:  # type: ignore[no-untyped-def]
    csrf = _login(client, "investigator")
    resp = _plan(client, csrf, "X", "+1 555", "2025-03-09T02:30", "2025-03-09T05:00")
    assert resp.status_code == 422
    assert 'id="error-starts_at"' in resp.text and "does not exist" in resp.text
    resp = _plan(client, csrf, "X", "+1 555", "2025-05-01T10:00", "2025-05-01T11:00",
                 tz="Mars/Base")
    assert resp.status_code == 422 and 'id="error-timezone"' in resp.text


def test_api_plan_conflict_and_resolution(  # type: ignore[no-untyped-def]
    client, accounts, session_factory, token_for
) -> None:
    add_hsi(session_factory)
    atf = {"Authorization": f"Bearer {token_for('investigator')}"}
    body = {"reference": "ATF-API", "kind": "arrest", "lat": 31.7619, "lon": -106.485,
            "radius_m": 1000, "timezone": "America/Denver",
            "starts_at": "2025-11-02T00:30:00", "ends_at": "2025-11-02T01:30:00",
            "contact_phone": "+1 915 555 0001"}
    resp = client.post("/api/v1/operations", json=body, headers=atf)
    assert resp.status_code == 201 and resp.json()["conflicts"] == []
    from sqlalchemy import select

    from armsflow.auth.models import User

    with session_factory() as db:
        hsi_id = db.scalar(select(User.id).where(User.username == "hsi_agent"))
    token = _token(session_factory, hsi_id)
    hsi = {"Authorization": f"Bearer {token}"}
    # 01:15 on fall-back night is ambiguous in Denver: read widely, it still overlaps.
    body2 = dict(body, reference="HSI-API", starts_at="2025-11-02T01:15:00",
                 ends_at="2025-11-02T03:00:00", contact_phone="+1 915 555 0002", lon=-106.49)
    resp = client.post("/api/v1/operations", json=body2, headers=hsi)
    assert resp.status_code == 201
    conflicts = resp.json()["conflicts"]
    assert len(conflicts) == 1
    assert conflicts[0]["other_party"]["contact_phone"] == "+1 915 555 0001"
    assert set(conflicts[0]["other_party"]) == {"agency_name", "agency_ori", "contact_name",
                                                 "contact_phone", "contact_email"}
    cid = conflicts[0]["id"]
    resp = client.post(f"/api/v1/operation-conflicts/{cid}/resolve",
                       json={"resolution": "rescheduled"}, headers=atf)
    assert resp.status_code == 200 and resp.json()["status"] == "resolved"
    assert client.post(f"/api/v1/operation-conflicts/{cid}/resolve",
                       json={"resolution": "rescheduled"}, headers=hsi).status_code == 409
    op_id = resp.json()["my_operation_id"]
    assert client.get(f"/api/v1/operations/{op_id}", headers=hsi).status_code == 404
    bad = dict(body, radius_m=60_000)
    assert client.post("/api/v1/operations", json=bad, headers=atf).status_code == 422
    requester = {"Authorization": f"Bearer {token_for('requester')}"}
    assert client.post("/api/v1/operations", json=body, headers=requester).status_code == 403


def _token(session_factory, user_id: int) -> str:  # type: ignore[no-untyped-def]
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth

    with session_factory() as db:
        _tok, clear = auth.create_api_token(db, actor=SYSTEM, user_id=user_id, name="t")
        db.commit()
    return str(clear)


def test_joint_operation_summary_and_exports(  # type: ignore[no-untyped-def]
    client, accounts, session_factory
) -> None:
    from armsflow.audit.service import SYSTEM
    from armsflow.operations import joint_store

    with session_factory() as db:
        joint_store.load_project_deliverance(db, actor=SYSTEM)
        db.commit()
        op_id = joint_store.by_name(db, "Project Deliverance").id
    _login(client, "analyst")
    page = client.get(f"/operations/joint/{op_id}").text
    assert "2,266" in page and "$154,000,000" in page and "1,262.0 lb" in page
    assert "62,595.7 kg (138,000.0 lb)" in page          # 69 tons of marijuana
    csv_text = client.get(f"/operations/joint/{op_id}/export.csv").text
    assert csv_text.splitlines()[0].startswith("operation,period,date,state,metric")
    assert "Project Deliverance,cumulative,2010-06-09,,arrests,,2266" in csv_text
    xlsx = client.get(f"/api/v1/joint-operations/{op_id}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    client.get("/lang/es")
    assert "Detenciones" in client.get(f"/operations/joint/{op_id}").text
    _login(client, "stockpile")
    assert client.get(f"/operations/joint/{op_id}").status_code == 403
