"""Identifier normalisation and deadlines (pure): property tests with Hypothesis and the
cases a user meets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.cases.deadlines import add_business_days, business_days_between
from armsflow.cases.identifiers import (
    normalize_address,
    normalize_email,
    normalize_phone,
    normalize_vin,
    parse_identifier,
    person_name_key,
    vin_check_digit,
)
from armsflow.types.errors import InvalidValue

VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


@st.composite
def vins(draw: st.DrawFn) -> str:
    body = draw(st.lists(st.sampled_from(VIN_CHARS), min_size=17, max_size=17))
    body[8] = "0"
    body[8] = vin_check_digit("".join(body))
    return "".join(body)


@given(vins())
def test_a_vin_with_its_check_digit_is_accepted_in_any_spelling(vin: str) -> None:
    assert normalize_vin(vin) == vin
    assert normalize_vin(f" {vin[:5].lower()}-{vin[5:]} ") == vin


@given(vins(), st.integers(0, 16), st.sampled_from(VIN_CHARS))
def test_a_single_mistyped_character_is_caught(vin: str, pos: int, char: str) -> None:
    from armsflow.cases.identifiers import _VIN_VALUES

    typo = vin[:pos] + char + vin[pos + 1:]
    # letters sharing a value (A and J are both 1) cannot be told apart
    changed = char != vin[8] if pos == 8 else _VIN_VALUES[char] != _VIN_VALUES[vin[pos]]
    if changed:
        with pytest.raises(InvalidValue, match="check digit"):
            normalize_vin(typo)
    else:
        assert normalize_vin(typo) == typo


def test_known_vin_and_refusals() -> None:
    assert normalize_vin("1M8GDM9AXKP042788") == "1M8GDM9AXKP042788"  # 49 CFR example
    with pytest.raises(InvalidValue, match="never contains I, O"):
        normalize_vin("1M8GDM9AXKP04278O".replace("8O", "IO"))
    with pytest.raises(InvalidValue, match="17 characters"):
        normalize_vin("1M8GDM9AXKP0427")


@given(st.integers(200, 999), st.integers(200, 999), st.integers(0, 9999),
       st.sampled_from(["({a}) {b}-{c}", "{a}-{b}-{c}", "+1 {a} {b} {c}", "1{a}{b}{c}",
                        "001 {a}.{b}.{c}"]))
def test_north_american_numbers_in_any_layout_agree(a: int, b: int, c: int, layout: str) -> None:
    number = layout.format(a=a, b=b, c=f"{c:04d}")
    assert normalize_phone(number) == f"+1{a}{b}{c:04d}"
    assert normalize_phone(normalize_phone(number)) == normalize_phone(number)


def test_phone_refusals() -> None:
    assert normalize_phone("+52 (55) 1234-5678") == "+525512345678"
    assert normalize_phone("0052 55 1234 5678") == "+525512345678"
    for bad, reason in [("55 1234 5678 9", "country code"), ("+1 055 555 0100", "area code"),
                        ("call me", "only digits"), ("+12", "E.164")]:
        with pytest.raises(InvalidValue, match=reason):
            normalize_phone(bad)


@given(st.lists(st.sampled_from(["Ana", "María", "QUINTERO", "de", "la", "Peña", "José"]),
                min_size=2, max_size=5), st.randoms())
def test_person_key_ignores_order_case_and_accents(words: list[str], rnd: object) -> None:
    shuffled = list(words)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert person_name_key(" ".join(words)) == person_name_key(", ".join(shuffled).upper())
    assert person_name_key("Peña María") == person_name_key("MARIA PENA")


@given(st.text(alphabet="0123456789 NorthSouthMainStreetAvenue#.,", min_size=1, max_size=40))
def test_address_normalisation_is_idempotent(text: str) -> None:
    once = normalize_address(text)
    assert normalize_address(once) == once


def test_addresses_emails_and_parsers() -> None:
    assert normalize_address("12 North Main Street, Apt. #4") == "12 N MAIN ST APT 4"
    assert normalize_address("Calle Juárez Número 5") == "C JUAREZ 5"
    assert normalize_email(" Boss@Cartel.Example ") == "boss@cartel.example"
    with pytest.raises(InvalidValue):
        normalize_email("boss@@cartel")
    gun = parse_identifier({"kind": "firearm", "value": "ls-12 345", "manufacturer": "S&W"})
    assert (gun.key, gun.qualifier) == ("LS12345", "SMITH AND WESSON")
    with pytest.raises(InvalidValue, match="no usable serial"):
        parse_identifier({"kind": "firearm", "value": "N/A", "manufacturer": "Glock"})
    lic = parse_identifier({"kind": "licensee", "value": "1-54-107-01-5A-12345"})
    assert lic.key == "1-54-12345"
    place = parse_identifier({"kind": "place", "lat": "-0.00001", "lon": "10"})
    assert place.key == "0.0000,10.0000"
    with pytest.raises(InvalidValue) as exc:
        parse_identifier({"kind": "place", "lat": "91", "lon": "0"})
    assert exc.value.field == "lat"
    with pytest.raises(InvalidValue) as exc:
        parse_identifier({"kind": "boat", "value": "x"})
    assert exc.value.field == "kind"
    with pytest.raises(InvalidValue) as exc:
        parse_identifier({"kind": "person", "value": "Ana Quintero", "dob": "1990-02-30"})
    assert exc.value.field == "dob"


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                    timezones=st.just(UTC)), st.integers(0, 40))
def test_business_deadlines_skip_weekends(start: datetime, days: int) -> None:
    due = add_business_days(start, days)
    assert due.time() == start.time()
    if days:
        assert due.weekday() < 5 and due > start
    if start.weekday() < 5:
        assert business_days_between(start, due) == days
    assert (due - start) <= timedelta(days=days + days // 5 * 2 + 4)


def test_business_deadline_examples() -> None:
    friday_noon = datetime(2026, 3, 6, 12, tzinfo=UTC)
    assert add_business_days(friday_noon, 2) == datetime(2026, 3, 10, 12, tzinfo=UTC)
    saturday = datetime(2026, 3, 7, 12, tzinfo=UTC)
    assert add_business_days(saturday, 2) == datetime(2026, 3, 11, 12, tzinfo=UTC)
    assert add_business_days(saturday, 0).date() == date(2026, 3, 9)
