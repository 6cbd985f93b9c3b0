"""Event conflicts by e-mail through a real SMTP conversation (aiosmtpd sink): planning an
overlapping operation over the API mails both parties after the commit, each with the
other party's point of contact and nothing of the other operation."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from smtp_sink import Sink
from smtp_sink import body as mail_body

PASSWORD = "correct-horse-42"


def _token(session_factory: sessionmaker[Session], username: str) -> dict[str, str]:
    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth
    from armsflow.auth.models import User

    with session_factory() as db:
        uid = db.scalar(select(User.id).where(User.username == username))
        _tok, clear = auth.create_api_token(db, actor=SYSTEM, user_id=uid, name="t")
        db.commit()
    return {"Authorization": f"Bearer {clear}"}


def test_both_parties_are_mailed_the_other_contact_only(
    engine: Engine, session_factory: sessionmaker[Session], accounts: dict[str, int],
    smtp: tuple[Sink, int], tmp_path: Path,
) -> None:
    from fastapi.testclient import TestClient

    from armsflow.audit.service import SYSTEM
    from armsflow.auth import service as auth
    from armsflow.auth.models import User
    from armsflow.settings import Settings
    from armsflow.web.app import create_app

    sink, port = smtp
    with session_factory() as db:
        auth.create_agency(db, actor=SYSTEM, ori="DCICE0000", name="HSI", kind="federal",
                           country="US", state="DC")
        auth.create_user(db, actor=SYSTEM, username="hsi_agent", password=PASSWORD,
                         full_name="Hana Agent", agency_ori="DCICE0000",
                         roles=["investigator"], email="hana@hsi.example")
        db.execute(update(User).where(User.username == "investigator")
                   .values(email="ivan@atf.example"))
        db.commit()
    settings = Settings(data_dir=tmp_path, secret_key="test-secret-key-0123456789",
                        smtp_host="127.0.0.1", smtp_port=port,
                        smtp_from="deconfliction@armsflow.example")
    body = {"reference": "ATF-SECRET-NAME", "kind": "search_warrant", "lat": 25.6866,
            "lon": -100.3161, "radius_m": 500, "timezone": "America/Monterrey",
            "starts_at": "2026-04-05T05:00", "ends_at": "2026-04-05T07:00",
            "contact_name": "Ivan Atf", "contact_phone": "+1 304 555 0111",
            "notes": "informant Z"}
    with TestClient(create_app(settings, engine)) as client:
        atf, hsi = _token(session_factory, "investigator"), _token(session_factory, "hsi_agent")
        assert client.post("/api/v1/operations", json=body, headers=atf).status_code == 201
        assert sink.messages == []
        resp = client.post("/api/v1/operations", headers=hsi, json=dict(
            body, reference="HSI-SECRET-NAME", contact_name="Hana Hsi",
            contact_phone="+1 202 555 0222", lon=-100.3170, notes="informant Y"))
        assert resp.status_code == 201 and len(resp.json()["conflicts"]) == 1
    by_rcpt = {m["X-Rcpt"]: m for m in sink.messages}
    assert set(by_rcpt) == {"ivan@atf.example", "hana@hsi.example"}
    to_atf = mail_body(by_rcpt["ivan@atf.example"])
    to_hsi = mail_body(by_rcpt["hana@hsi.example"])
    assert "Hana Hsi" in to_atf and "+1 202 555 0222" in to_atf
    assert "Ivan Atf" in to_hsi and "+1 304 555 0111" in to_hsi
    assert "HSI-SECRET-NAME" not in to_atf and "ATF-SECRET-NAME" not in to_hsi
    assert "informant" not in to_atf + to_hsi
    assert by_rcpt["ivan@atf.example"]["From"] == "deconfliction@armsflow.example"
