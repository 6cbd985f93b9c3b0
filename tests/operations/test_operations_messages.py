"""Event-conflict messages read in the recipient's language, and never carry the other
operation's details."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from armsflow.notify.service import render
from armsflow.operations.alerts import message


def _ops() -> tuple[Any, Any, Any]:
    mine = SimpleNamespace(reference="OP-7", starts_at=datetime(2026, 7, 1, 15, 0, tzinfo=UTC),
                           timezone="America/Chicago")
    other = SimpleNamespace(reference="SECRET-1", contact_name="Hal Hsi",
                            contact_phone="+1 202 555 0177", contact_email=None,
                            title="Low Tide")
    agency = SimpleNamespace(name="HSI Houston", ori="TXHSI0100")
    return mine, other, agency


def test_english_and_spanish() -> None:
    subject, body = message(*_ops(), conflict_id=12)
    assert render(subject, "en") == "Event conflict: your operation OP-7 and HSI Houston"
    english = render(body, "en")
    assert "starting 2026-07-01 10:00 America/Chicago" in english
    assert "Point of contact: Hal Hsi, phone +1 202 555 0177." in english
    spanish = render(body, "es")
    assert render(subject, "es") == "Conflicto de eventos: su operativo OP-7 y HSI Houston"
    assert "Punto de contacto: Hal Hsi, teléfono +1 202 555 0177." in spanish
    assert "Conflicto 12: acuse recibo" in spanish
    for text in (english, spanish):
        assert "SECRET-1" not in text and "Low Tide" not in text


def test_an_e_mail_address_is_given_when_known() -> None:
    mine, other, agency = _ops()
    other.contact_email = "hal@hsi.example"
    _subject, body = message(mine, other, agency, 3)
    assert "e-mail hal@hsi.example" in render(body, "en")
    assert "correo hal@hsi.example" in render(body, "es")
