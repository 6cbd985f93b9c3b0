"""The compliance dashboard through the app (SQLite and PostgreSQL): who may see it,
recording activities by form and API, the figures shown, target hits from the cases
feature counted when acknowledged and resolved, and the gaps report as PDF."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

PASSWORD = "correct-horse-42"
YEAR = datetime.now(UTC).year


def _people(session_factory: sessionmaker[Session]) -> None:
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth

    with session_factory() as db:
        auth.create_agency(db, actor=SYSTEM, ori="DCICE0000",
                           name="Homeland Security Investigations", kind="federal",
                           country="US", state="DC")
        auth.create_user(db, actor=SYSTEM, username="hsi_agent", password=PASSWORD,
                         full_name="Hana Agent", agency_ori="DCICE0000", roles=["investigator"])
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


def _auth(session_factory: sessionmaker[Session], username: str) -> dict[str, str]:
    from sqlalchemy import select

    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth
    from armsflow.auth.models import User

    with session_factory() as db:
        uid = db.scalar(select(User.id).where(User.username == username))
        _tok, clear = auth.create_api_token(db, actor=SYSTEM, user_id=uid, name="t")
        db.commit()
    return {"Authorization": f"Bearer {clear}"}


def test_only_coordination_monitors_see_the_dashboard(  # type: ignore[no-untyped-def]
    client, accounts, session_factory
) -> None:
    _people(session_factory)
    for username in ("investigator", "analyst", "requester", "fgr_investigator"):
        _login(client, username)
        assert client.get("/monitoring").status_code == 403, username
        assert client.get("/api/v1/monitoring/dashboard").status_code == 403, username
    for username in ("coordinator", "admin"):
        _login(client, username)
        assert client.get("/monitoring").status_code == 200, username


def test_recorded_activities_show_on_the_dashboard(  # type: ignore[no-untyped-def]
    client, accounts, session_factory
) -> None:
    _people(session_factory)
    csrf = _login(client, "coordinator")
    resp = client.post("/monitoring/activities/new", data={
        "csrf_token": csrf, "kind": "mou_training", "held_on": f"{YEAR}-01-10",
        "title": "MOU refresher", "participants": "Ann, ATF\nIan, HSI\nOla, ICE, absent"},
        follow_redirects=False)
    assert resp.status_code == 303
    resp = client.post("/monitoring/activities/new", data={
        "csrf_token": csrf, "kind": "tecs_check", "held_on": f"{YEAR}-01-12",
        "title": "TECS January",
        "investigations": "TECS-77, ICE, yes, no\nTECS-78, ATF, no, no"},
        follow_redirects=False)
    assert resp.status_code == 303
    bad = client.post("/monitoring/activities/new", data={
        "csrf_token": csrf, "kind": "nonsense", "held_on": "2025-13-01", "title": ""})
    assert bad.status_code == 422 and 'id="form-errors"' in bad.text

    api = _auth(session_factory, "coordinator")
    body = {"kind": "executive_meeting", "held_on": f"{YEAR}-01-20", "title": "SES meeting",
            "participants": [{"name": "Dir A", "agency": "ATF"},
                             {"name": "Dir I", "agency": "ICE"}]}
    assert client.post("/api/v1/monitoring/activities", json=body,
                       headers=api).status_code == 201

    blank = dict(body, participants=[{"name": "  ", "agency": "ATF"}])
    assert client.post("/api/v1/monitoring/activities", json=blank,
                       headers=api).status_code == 422
    board = client.get(f"/api/v1/monitoring/dashboard?since={YEAR}-01-01&"
                       f"until={YEAR + 1}-01-01", headers=api).json()
    kinds = {a["kind"]: a for a in board["activities"]}
    assert kinds["mou_training"]["held"] == [str(YEAR)]
    assert kinds["tecs_check"]["held"] == [f"{YEAR}-01"]
    assert kinds["executive_meeting"]["held"] == [f"{YEAR} H1"]
    assert board["training"]["invited"] == 3 and board["training"]["attended"] == 2
    assert board["training"]["by_agency"] == {"ATF": [1, 1], "ICE": [1, 2]}
    assert board["investigations"]["found"] == 2
    assert board["investigations"]["coordinated"] == 1
    assert board["investigations"]["not_coordinated"] == ["TECS-78"]

    page = client.get(f"/monitoring?since={YEAR}-01-01&until={YEAR + 1}-01-01").text
    assert re.search(r'id="inv-found">2<', page)
    assert re.search(r'id="inv-coordinated">1<', page)
    assert "International firearms investigation TECS-78 not coordinated" in page
    listing = client.get("/monitoring/activities").text
    assert "MOU refresher" in listing and "TECS-78" in listing


def test_target_hits_acknowledged_and_resolved_are_counted(  # type: ignore[no-untyped-def]
    client, accounts, session_factory
) -> None:
    _people(session_factory)
    atf, hsi = _auth(session_factory, "analyst"), _auth(session_factory, "hsi_agent")
    gun = {"kind": "firearm", "value": "LS-99881", "manufacturer": "Lone Star Arms"}
    for number, agency, headers in (("ATF-9", "ATF", atf), ("HSI-9", "HSI", hsi)):
        resp = client.post("/api/v1/cases", json={
            "case_number": number, "title": "t", "lead_agency": agency, "offense": "o",
            "identifiers": [gun]}, headers=headers)
        assert resp.status_code == 201, resp.text
    (hit,) = resp.json()["hits"]
    coordinator = _auth(session_factory, "coordinator")

    def hits() -> dict[str, int]:
        return client.get("/api/v1/monitoring/dashboard", headers=coordinator).json()["hits"]

    assert hits()["raised"] == 1 and hits()["unresolved"] == 1
    assert hits()["acknowledged_in_time"] == 0
    for headers in (atf, hsi):
        client.post(f"/api/v1/case-hits/{hit['id']}/acknowledge", headers=headers)
    client.post(f"/api/v1/case-hits/{hit['id']}/resolve",
                json={"resolution": "coordinate"}, headers=atf)
    assert hits()["acknowledged_in_time"] == 1
    assert hits()["resolved"] == 1 and hits()["unresolved"] == 0


def test_gaps_report_pdf(client, accounts, session_factory) -> None:  # type: ignore[no-untyped-def]
    from armsflow.tracing.pdf import unavailable_reason

    if unavailable_reason():
        pytest.skip(f"WeasyPrint unavailable: {unavailable_reason()}")
    _people(session_factory)
    csrf = _login(client, "coordinator")
    client.post("/monitoring/activities/new", data={
        "csrf_token": csrf, "kind": "midlevel_meeting", "held_on": f"{YEAR - 1}-02-10",
        "title": "Q1", "participants": "Ann, ATF\nIan, ICE"})
    resp = client.get(f"/monitoring/gaps.pdf?since={YEAR - 1}-01-01&until={YEAR}-01-01")
    assert resp.status_code == 200 and resp.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(resp.content)).pages)
    assert "Mid-level managers' meeting not held in" in text
    assert f"{YEAR - 1} Q2" in text
    api = _auth(session_factory, "coordinator")
    es = client.get(f"/api/v1/monitoring/gaps.pdf?since={YEAR - 1}-01-01&until={YEAR}-01-01"
                    "&lang=es", headers=api)
    es_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(es.content)).pages)
    assert "Reunión de mandos medios no se celebró en" in es_text
