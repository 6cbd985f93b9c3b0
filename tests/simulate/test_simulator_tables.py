"""The simulator's tables agree with the platform's vocabulary, so every spelling it
writes on purpose parses to what it means, and only injected typos do not."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.simulate.arrays import pattern_capacity, pattern_strings
from armsflow.simulate.geography import STATE_CODES, build_geography, districts_of
from armsflow.simulate.spearman import average_ranks, spearman
from armsflow.simulate.tables.abroad import COUNTRY_SPELLINGS, FOREIGN_SOURCE_COUNTRIES
from armsflow.simulate.tables.catalog import MODELS, SERIAL_PATTERNS
from armsflow.simulate.tables.industry import MAKER_SPELLINGS, US_MAKERS
from armsflow.simulate.tables.requests import CALIBER_SPELLINGS, TYPE_WORDS
from armsflow.types.serial import normalize_serial
from armsflow.vocab.firearms import (
    NCIC_TYPES,
    normalize_manufacturer,
    parse_caliber,
    parse_ncic_type,
)
from armsflow.vocab.places import country_code


def test_catalog_makers_calibers_and_types_are_known() -> None:
    for model in MODELS:
        assert normalize_manufacturer(model.maker).known, model.maker
        assert parse_caliber(model.caliber) == model.caliber, model
        assert model.ncic in NCIC_TYPES, model
    assert set(SERIAL_PATTERNS) <= {m.maker for m in MODELS}
    assert {m.maker for m in MODELS if normalize_manufacturer(m.maker).country == "US"} <= set(
        US_MAKERS)


def test_written_spellings_parse_back() -> None:
    for maker, spellings in MAKER_SPELLINGS.items():
        key = normalize_manufacturer(maker).key
        assert all(normalize_manufacturer(s).key == key for s in spellings), maker
    for caliber, spellings in CALIBER_SPELLINGS.items():
        assert all(parse_caliber(s) == caliber for s in spellings), caliber
    for code, words in TYPE_WORDS.items():  # words may be less specific: "PISTOL" -> P
        assert all(parse_ncic_type(w) in (code, code[0]) for w in words), code
    for code, spellings in COUNTRY_SPELLINGS.items():
        assert all(country_code(s) == code for s in spellings), code
    assert {c for c, _ in FOREIGN_SOURCE_COUNTRIES} <= set(COUNTRY_SPELLINGS)


def test_every_city_sits_in_a_district_of_its_state() -> None:
    geo = build_geography()
    for i, state in enumerate(geo.city_state):
        pairs = districts_of(STATE_CODES[int(state)])
        assert (geo.city_region[i], geo.city_district[i]) in pairs


@given(st.lists(st.integers(0, pattern_capacity("LLDDD-D") - 1), min_size=1, max_size=50,
                unique=True))
def test_serial_patterns_are_injective(values: list[int]) -> None:
    serials = pattern_strings(np.array(values, dtype=np.int64), "LLDDD-D").to_pylist()
    keys = [normalize_serial(s) for s in serials]
    assert len(set(keys)) == len(values)


@given(st.lists(st.integers(-5, 5), min_size=2, max_size=30))
def test_average_ranks_match_a_brute_force_oracle(values: list[int]) -> None:
    expected = [1 + sum(v < x for v in values) + (sum(v == x for v in values) - 1) / 2
                for x in values]
    assert average_ranks(np.array(values, dtype=np.float64)).tolist() == pytest.approx(expected)


def test_spearman_known_values() -> None:
    a = np.array([1.0, 2, 3, 4, 5])
    assert spearman(a, a * 10) == pytest.approx(1.0)
    assert spearman(a, -a) == pytest.approx(-1.0)
    assert spearman(a, np.array([1.0, 3, 2, 4, 5])) == pytest.approx(0.9)
