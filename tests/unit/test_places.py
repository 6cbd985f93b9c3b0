"""US states, Mexican states and countries."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.types.errors import InvalidValue
from armsflow.vocab.places import (
    COUNTRIES,
    COUNTRY_ALPHA3,
    MX_STATES,
    US_STATES,
    country_code,
    mx_state_code,
    us_state_code,
)

# The repo sits next to shared/ both in the workspace and in CI's clone.
_TRACE_CSV_CANDIDATES = [
    Path(__file__).resolve().parents[3] / "shared/data/atf/trace_source_by_recovery_state.csv",
    Path("/work/shared/data/atf/trace_source_by_recovery_state.csv"),
]


def test_table_sizes() -> None:
    assert len(US_STATES) == 56  # 50 states, DC, PR, VI, GU, AS, MP
    assert len(MX_STATES) == 32
    assert len(COUNTRIES) >= 249
    assert len(COUNTRY_ALPHA3) == len(COUNTRIES)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Texas", "TX"),
        ("TX", "TX"),
        ("tx", "TX"),
        (" texas ", "TX"),
        ("US-VA", "VA"),
        ("District of Columbia", "DC"),
        ("District Of Columbia", "DC"),
        ("Washington, D.C.", "DC"),
        ("Us Virgin Islands", "VI"),
        ("Guam & Northern Mariana Islands", "GU"),
        ("Northern Mariana Islands", "MP"),
        ("Puerto Rico", "PR"),
        ("NEW MEXICO", "NM"),
    ],
)
def test_us_state_code(raw: str, code: str) -> None:
    assert us_state_code(raw) == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Chihuahua", "CHH"),
        ("CHH", "CHH"),
        ("mx-chh", "CHH"),
        ("Ciudad de México", "CMX"),
        ("Ciudad de Mexico", "CMX"),
        ("Distrito Federal", "CMX"),
        ("CDMX", "CMX"),
        ("D.F.", "CMX"),
        ("Nuevo Leon", "NLE"),
        ("NUEVO LEÓN", "NLE"),
        ("Estado de México", "MEX"),
        ("México", "MEX"),
        ("Michoacán de Ocampo", "MIC"),
        ("Veracruz de Ignacio de la Llave", "VER"),
        ("Coahuila de Zaragoza", "COA"),
        ("San Luis Potosi", "SLP"),
        ("Q. Roo", "ROO"),
    ],
)
def test_mx_state_code(raw: str, code: str) -> None:
    assert mx_state_code(raw) == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("US", "US"),
        ("USA", "US"),
        ("United States", "US"),
        ("united states of america", "US"),
        ("EE.UU.", "US"),
        ("Estados Unidos", "US"),
        ("Mexico", "MX"),
        ("México", "MX"),
        ("MX", "MX"),
        ("mex", "MX"),
        ("Guatemala", "GT"),
        ("Czech Republic", "CZ"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Côte d'Ivoire", "CI"),
        ("Russia", "RU"),
        ("Korea, Republic of", "KR"),
        ("España", "ES"),
        ("Rumania", "RO"),
    ],
)
def test_country_code(raw: str, code: str) -> None:
    assert country_code(raw) == code


@pytest.mark.parametrize(
    ("func", "field", "raw"),
    [
        (us_state_code, "state", "Chihuahua"),
        (us_state_code, "state", "ZZ"),
        (us_state_code, "state", ""),
        (mx_state_code, "state", "Texas"),
        (mx_state_code, "state", "MX-XXX"),
        (country_code, "country", "Atlantis"),
        (country_code, "country", "Yugoslavia"),
        (country_code, "country", ""),
    ],
)
def test_unknown_places_name_the_field(func: object, field: str, raw: str) -> None:
    assert callable(func)
    with pytest.raises(InvalidValue) as info:
        func(raw)
    assert info.value.field == field


def test_every_table_name_maps_back_to_its_code() -> None:
    for code, name in US_STATES.items():
        assert us_state_code(name) == code
        assert us_state_code(name.upper()) == code
    for code, name in MX_STATES.items():
        assert mx_state_code(name) == code
        assert mx_state_code(f"MX-{code.lower()}") == code
    for code, name in COUNTRIES.items():
        assert country_code(name) == code, name
        assert country_code(code.lower()) == code
    for alpha3, alpha2 in COUNTRY_ALPHA3.items():
        assert country_code(alpha3) == alpha2


@given(st.sampled_from(sorted(COUNTRIES)), st.sampled_from(["upper", "lower", "title"]))
def test_country_names_are_case_insensitive(code: str, case: str) -> None:
    name = getattr(COUNTRIES[code], case)()
    assert country_code(f"  {name} ") == code


def test_every_state_name_in_the_atf_trace_table_maps() -> None:
    path = next((p for p in _TRACE_CSV_CANDIDATES if p.exists()), None)
    if path is None:
        pytest.skip("shared/data/atf/trace_source_by_recovery_state.csv not present")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = {row[col] for row in rows for col in ("source_state", "recovery_state")}
    assert len(names) > 50
    unmapped = []
    for name in sorted(names):
        try:
            us_state_code(name)
        except InvalidValue:
            unmapped.append(name)
    assert unmapped == []
