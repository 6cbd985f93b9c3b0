"""E-mail through a real SMTP conversation (aiosmtpd sink): both case agents are mailed the
other side's point of contact only. The CLI: import (all or nothing, row/column/reason,
JSON and CSV), list, show, escalate."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from armsflow.auth.models import User
from armsflow.auth.principal import Principal
from armsflow.cases import service
from armsflow.cases.models import Hit
from armsflow.db.base import utcnow
from armsflow.notify.models import Notification
from armsflow.notify.service import deliver_pending
from armsflow.settings import Settings, get_settings
from smtp_sink import Sink, body

RULES = service.HitRules()
GUN = {"kind": "firearm", "value": "ZX-77", "manufacturer": "Glock"}


def test_both_agents_are_mailed_the_other_contact_only(
    session_factory: sessionmaker[Session], principal: Callable[[str], Principal],
    make_draft: Callable[..., Any], smtp: tuple[Sink, int], tmp_path: Path,
) -> None:
    sink, port = smtp
    settings = Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port,
                        smtp_from="deconfliction@armsflow.example")
    with session_factory() as db:
        service.create_case(db, principal("analyst"), make_draft(
            "ATF-77", [GUN, {"kind": "phone", "value": "+52 81 5555 1111"}],
            title="Northern Lights", offense="Firearms export", poc_name="Ana Atf",
            poc_phone="+1 304 555 0177"), RULES)
        service.create_case(db, principal("hsi_agent"), make_draft(
            "HSI-77", [GUN, {"kind": "email", "value": "boss@x.example"}], title="Low Tide",
            offense="Smuggling", poc_name="Hal Hsi", poc_phone="+1 202 555 0177"), RULES)
        db.commit()
    assert deliver_pending(session_factory, settings) == 2
    assert deliver_pending(session_factory, settings) == 0  # sent once
    by_to = {m["X-Rcpt"]: m for m in sink.messages}
    assert set(by_to) == {"analyst@example.gov", "hsi.agent@hsi.example"}
    to_atf, to_hsi = by_to["analyst@example.gov"], by_to["hsi.agent@hsi.example"]
    assert to_atf["From"] == "deconfliction@armsflow.example"
    atf_text, hsi_text = to_atf["Subject"] + body(to_atf), to_hsi["Subject"] + body(to_hsi)
    assert "Hal Hsi" in atf_text and "+1 202 555 0177" in atf_text and "DCICE0000" in atf_text
    assert "Ana Atf" in hsi_text and "+1 304 555 0177" in hsi_text and "WVATF0900" in hsi_text
    for secret in ("HSI-77", "Low Tide", "Smuggling", "boss@x.example"):
        assert secret not in atf_text
    for secret in ("ATF-77", "Northern Lights", "Firearms export", "5555 1111"):
        assert secret not in hsi_text
    with session_factory() as db:
        statuses = set(db.scalars(select(Notification.email_status)))
        assert statuses == {"sent"}


def test_mail_server_down_keeps_the_mail_queued(
    session_factory: sessionmaker[Session], principal: Callable[[str], Principal],
    make_draft: Callable[..., Any], tmp_path: Path,
) -> None:
    with session_factory() as db:
        service.create_case(db, principal("analyst"), make_draft("A", [GUN]), RULES)
        service.create_case(db, principal("hsi_agent"), make_draft("B", [GUN]), RULES)
        db.commit()
    off = Settings(data_dir=tmp_path)
    assert deliver_pending(session_factory, off) == 0  # e-mail off: left queued
    down = Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=1)
    assert deliver_pending(session_factory, down) == 0
    with session_factory() as db:
        rows = db.scalars(select(Notification)).all()
        assert {(r.email_status, r.email_attempts) for r in rows} == {("pending", 1)}
        assert all(r.email_error for r in rows)


def test_each_reader_gets_their_own_language(
    session_factory: sessionmaker[Session], principal: Callable[[str], Principal],
    make_draft: Callable[..., Any],
) -> None:
    with session_factory() as db:
        hsi = principal("hsi_agent")
        db.execute(update(User).where(User.username == "hsi_agent").values(language="es"))
        service.create_case(db, principal("analyst"), make_draft(
            "ATF-9", [GUN], poc_name="Ana Atf"), RULES)
        service.create_case(db, hsi, make_draft("HSI-9", [GUN], poc_name="Hal Hsi"), RULES)
        db.flush()
        rows = {r.user_id: r for r in db.scalars(select(Notification))}
        spanish = rows[hsi.user_id]
        english = next(r for uid, r in rows.items() if uid != hsi.user_id)
        assert spanish.subject == "Coincidencia de desconflicción en su caso HSI-9"
        assert "Punto de contacto: Ana Atf" in spanish.body
        assert "Acuse recibo antes de" in spanish.body and "Acknowledge" not in spanish.body
        assert english.subject == "Deconfliction hit on your case ATF-9"
        assert "Point of contact: Hal Hsi" in english.body
        hit = db.scalars(select(Hit)).one()
        service.resolve(db, principal("analyst"), hit.id, "coordinate", "agreed to wait")
        db.flush()
        last = db.scalars(select(Notification).where(Notification.user_id == hsi.user_id)
                          .order_by(Notification.id.desc())).first()
        assert last is not None and last.subject == "Coincidencia de desconflicción resuelta"
        assert last.body.endswith(": Coordinar.\n")


@pytest.fixture
def cli(engine: Engine, monkeypatch: pytest.MonkeyPatch,
        case_accounts: dict[str, int]) -> Iterator[Callable[..., Any]]:
    from armsflow.cli.main import app

    monkeypatch.setenv("ARMSFLOW_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()

    def run(*args: str) -> Any:
        return CliRunner().invoke(app, ["cases", *args])

    yield run
    get_settings.cache_clear()


def test_cli_import_list_show_escalate(cli: Callable[..., Any], tmp_path: Path,
                                       session_factory: sessionmaker[Session]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("case_number,title,lead_agency,offense,case_agent,kind,value,manufacturer,dob\n"
                   "A-1,Alpha,ATF,Straw,analyst,firearm,ZX-77,Glock,\n"
                   "A-1,Alpha 2,,,,person,Solo,,1990-13-01\n"
                   "A-2,Beta,ATF,Straw,nobody,vin,1M8GDM9AXKP042788,,\n")
    r = cli("import", str(bad), "--agency", "WVATF0900")
    assert r.exit_code == 2
    for line in ("row 3, title: differs from row 2", "row 3, value: give at least",
                 "row 4, case_agent: 'nobody' is not a user", "nothing was imported"):
        assert line in r.output, r.output
    r = cli("list", "--agency", "WVATF0900")
    assert r.exit_code == 0 and r.output.strip() == ""

    good = tmp_path / "cases.json"
    good.write_text(json.dumps({"cases": [
        {"case_number": "A-1", "title": "Alpha", "lead_agency": "ATF", "offense": "Straw",
         "international": True, "shared_with": ["TXHPD0000"],
         "identifiers": [GUN, {"kind": "plate", "value": "XYZ 123", "state": "TX"}]}]}))
    r = cli("import", str(good), "--agency", "WVATF0900", "--agent", "analyst")
    assert r.exit_code == 0, r.output
    assert "1 cases, 2 identifiers imported; 0 deconfliction hits" in r.output
    hsi = tmp_path / "hsi.json"
    hsi.write_text(json.dumps([{"case_number": "H-1", "title": "Harbor", "lead_agency": "HSI",
                                "offense": "Export", "case_agent": "hsi_agent",
                                "identifiers": [{**GUN, "value": "zx77"}]}]))
    r = cli("import", str(hsi), "--agency", "DCICE0000")
    assert r.exit_code == 0 and "1 deconfliction hits raised" in r.output, r.output

    listed = cli("list", "--agency", "TXHPD0000")
    assert "A-1" in listed.output and "shared" in listed.output
    assert "H-1" not in cli("list", "--agency", "WVATF0900").output
    case_id = listed.output.split()[0]
    shown = cli("show", case_id, "--agency", "TXHPD0000")
    assert shown.exit_code == 0 and "ZX77" in shown.output and "hit" in shown.output
    assert cli("show", case_id, "--agency", "DCICE0000").exit_code == 2

    with session_factory() as db:  # make the hit overdue
        hit = db.scalars(select(Hit)).one()
        hit.ack_due_at = utcnow() - timedelta(hours=1)
        db.commit()
    r = cli("escalate")
    assert r.exit_code == 0 and "1 hits escalated" in r.output
    assert "0 hits escalated" in cli("escalate").output
