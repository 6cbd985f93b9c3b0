"""FFL number parsing: examples, the district table, and round-trip properties."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.types.errors import InvalidValue
from armsflow.types.ffl import (
    DISTRICTS_BY_REGION,
    EXPIRY_MONTH_LETTERS,
    LICENSE_TYPES,
    REGION_NAMES,
    FFLNumber,
)
from armsflow.vocab.places import US_STATES

VA_DEALER = FFLNumber("1", "54", "107", "01", "5A", "12345")


@pytest.mark.parametrize(
    "text",
    [
        "1-54-107-01-5A-12345",
        "1 54 107 01 5A 12345",
        "154107015A12345",
        "  1-54-107-01-5a-12345 ",
        "1 - 54 - 107 - 01 - 5A - 12345",
    ],
)
def test_parse_accepts_the_usual_spellings(text: str) -> None:
    assert FFLNumber.parse(text) == VA_DEALER


def test_renderings() -> None:
    assert str(VA_DEALER) == "1-54-107-01-5A-12345"
    assert VA_DEALER.compact == "154107015A12345"
    assert VA_DEALER.rds_key == "1-54-12345"
    assert VA_DEALER.states == ("VA",)
    assert VA_DEALER.license_type_name.startswith("Dealer")
    assert not VA_DEALER.is_manufacturer_or_importer


def test_rds_key_survives_renewal() -> None:
    renewed = FFLNumber.parse("1-54-059-07-8C-12345")
    assert renewed != VA_DEALER
    assert renewed.rds_key == VA_DEALER.rds_key


@pytest.mark.parametrize(
    ("license_type", "expected"),
    [
        ("01", False),
        ("02", False),
        ("03", False),
        ("06", False),
        ("07", True),
        ("08", True),
        ("09", False),
        ("10", True),
        ("11", True),
    ],
)
def test_manufacturer_or_importer(license_type: str, expected: bool) -> None:
    ffl = FFLNumber("9", "86", "013", license_type, "4L", "00001")
    assert ffl.is_manufacturer_or_importer is expected


@pytest.mark.parametrize(("letter", "month"), [("A", 1), ("H", 8), ("J", 9), ("L", 11), ("M", 12)])
def test_expiry_month_skips_i(letter: str, month: int) -> None:
    assert FFLNumber("1", "54", "107", "01", f"5{letter}", "12345").expiry_month() == month


def test_multi_state_districts() -> None:
    assert FFLNumber.parse("1-66-127-01-5A-12345").states == ("PR", "VI")
    assert FFLNumber.parse("8-52-001-01-5A-12345").states == ("MD", "DC")


def test_from_segments_pads_dropped_zeros() -> None:
    ffl = FFLNumber.from_segments(8, 52, 1, 1, "5a", 123)
    assert str(ffl) == "8-52-001-01-5A-00123"
    assert FFLNumber.from_segments("6", "4", "25", "7", "3B", "45") == FFLNumber.parse(
        "6-04-025-07-3B-00045"
    )


def test_district_error_lists_the_regions_districts() -> None:
    with pytest.raises(InvalidValue) as info:
        FFLNumber.parse("5-54-107-01-5A-12345")
    assert info.value.field == "ffl.district"
    assert "region 5 (Southwest)" in info.value.reason
    assert "42, 43" in info.value.reason
    assert str(info.value).startswith("ffl.district: district 54")


@pytest.mark.parametrize("text", ["", "1-54-107-01-5A", "1-54-107-01-5A-12345-9", "15410701"])
def test_wrong_shape_is_rejected_as_a_whole(text: str) -> None:
    with pytest.raises(InvalidValue) as info:
        FFLNumber.parse(text)
    assert info.value.field == "ffl"


def test_invalid_value_pickles() -> None:
    err = InvalidValue("ffl.region", "bad")
    copy = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own bytes, round trip only
    assert (copy.field, copy.reason, str(copy)) == ("ffl.region", "bad", "ffl.region: bad")


def test_district_table_is_consistent() -> None:
    assert set(DISTRICTS_BY_REGION) == set(REGION_NAMES)
    seen: set[str] = set()
    for districts in DISTRICTS_BY_REGION.values():
        for district, states in districts.items():
            assert len(district) == 2 and district.isdigit()
            assert district not in seen, f"district {district} in two regions"
            seen.add(district)
            assert all(code in US_STATES for code in states.split("/"))
    covered = {c for d in DISTRICTS_BY_REGION.values() for s in d.values() for c in s.split("/")}
    assert covered >= set(US_STATES) - {"AS", "MP"}


# --- properties ---------------------------------------------------------------------------

_digits = st.text(alphabet="0123456789", min_size=1, max_size=6)


@st.composite
def ffl_numbers(draw: st.DrawFn) -> FFLNumber:
    region = draw(st.sampled_from(sorted(DISTRICTS_BY_REGION)))
    return FFLNumber(
        region=region,
        district=draw(st.sampled_from(sorted(DISTRICTS_BY_REGION[region]))),
        county=draw(st.from_regex(r"[0-9]{3}", fullmatch=True)),
        license_type=draw(st.sampled_from(sorted(LICENSE_TYPES))),
        expiry=draw(st.from_regex(r"[0-9]", fullmatch=True))
        + draw(st.sampled_from(EXPIRY_MONTH_LETTERS)),
        sequence=draw(st.from_regex(r"[0-9]{5}", fullmatch=True)),
    )


@given(ffl_numbers())
def test_round_trip_through_every_text_form(ffl: FFLNumber) -> None:
    assert FFLNumber.parse(str(ffl)) == ffl
    assert FFLNumber.parse(ffl.compact) == ffl
    assert FFLNumber.parse(str(ffl).replace("-", " ")) == ffl
    assert FFLNumber.parse(str(ffl).lower()) == ffl


@given(ffl_numbers())
def test_from_segments_accepts_integers(ffl: FFLNumber) -> None:
    rebuilt = FFLNumber.from_segments(
        int(ffl.region),
        int(ffl.district),
        int(ffl.county),
        int(ffl.license_type),
        ffl.expiry,
        int(ffl.sequence),
    )
    assert rebuilt == ffl


def _invalid_segment(field: str, ffl: FFLNumber) -> st.SearchStrategy[str]:
    def regex(pattern: str) -> st.SearchStrategy[str]:
        return st.from_regex(pattern, fullmatch=True)

    if field == "county":
        return _digits.filter(lambda s: len(s) != 3) | regex(r"[0-9]{2}[A-Z]")
    if field == "sequence":
        return _digits.filter(lambda s: len(s) != 5) | regex(r"[0-9]{4}[A-Z]")
    if field == "region":
        return st.sampled_from(["0", "2", "7", "A", "10", "11"])
    if field == "district":
        foreign = sorted(d for r, ds in DISTRICTS_BY_REGION.items() if r != ffl.region for d in ds)
        return st.sampled_from(foreign) | st.sampled_from(["00", "99X", "5", "AB"]).filter(
            lambda d: d not in DISTRICTS_BY_REGION[ffl.region]
        )
    if field == "license_type":
        unknown_pairs = regex(r"[0-9]{2}").filter(lambda t: t not in LICENSE_TYPES)
        return unknown_pairs | st.sampled_from(["1", "001", "0A"])
    return regex(r"[0-9][INOPQRSTUVWXYZ]") | st.sampled_from(["AA", "5", "55A"])


_FIELDS = ["region", "district", "county", "license_type", "expiry", "sequence"]


@given(ffl_numbers(), st.sampled_from(_FIELDS), st.data())
def test_a_single_bad_segment_is_named(ffl: FFLNumber, field: str, data: st.DataObject) -> None:
    segments = {name: getattr(ffl, name) for name in _FIELDS}
    segments[field] = data.draw(_invalid_segment(field, ffl))
    text = "-".join(segments[name] for name in _FIELDS)
    with pytest.raises(InvalidValue) as info:
        FFLNumber.parse(text)
    assert info.value.field == f"ffl.{field}"
