"""The rules file: the packaged one loads; every kind of mistake is refused with an error
naming the rule and the field; points follow the declared formula."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.leads.rules import DEFAULT_RULES, Rule, RulesError, load_rules, parse_rules
from armsflow.leads.signals import SIGNALS, Priority, Subject


def _base() -> dict:  # type: ignore[type-arg]
    return tomllib.loads(DEFAULT_RULES.read_text())


def test_packaged_rules_load_and_cover_each_subject() -> None:
    rules = load_rules()
    assert {r.subject for r in rules.rules} == set(Subject)
    assert all(r.signal in SIGNALS for r in rules.rules)
    assert len(rules.digest) == 64
    assert rules.priorities.priority(rules.priorities.high) == Priority.HIGH
    assert rules.priorities.priority(rules.priorities.low - 0.1) is None


@pytest.mark.parametrize(("section", "change", "expected"), [
    ("purchaser", {"weight": "ten"}, "rule purchaser.abroad_short_ttc: field 'weight': must be "
                                     "a number"),
    ("purchaser", {"signal": "guns_sold"}, "rule purchaser.abroad_short_ttc: field 'signal'"),
    ("purchaser", {"signal": "traces_no_record"}, "is not a purchaser signal"),
    ("purchaser", {"min": -1}, "field 'min': must not be negative"),
    ("purchaser", {"colour": "red"}, "rule purchaser.abroad_short_ttc: unknown field(s) "
                                     "['colour']"),
    ("purchaser", {"max_ttc_days": 30.5}, "field 'max_ttc_days': must be a whole number"),
    ("dealer", {"max_ttc_days": 30}, "rule dealer.no_record_of_sale: field 'max_ttc_days': "
                                     "signal traces_no_record takes no window"),
])
def test_bad_rule_fields_are_named(section: str, change: dict, expected: str) -> None:  # type: ignore[type-arg]
    data = _base()
    data[section][0].update(change)
    with pytest.raises(RulesError) as err:
        parse_rules(data)
    assert expected in str(err.value)


def test_missing_fields_and_duplicates_are_named() -> None:
    data = _base()
    del data["purchaser"][0]["weight"]
    with pytest.raises(RulesError, match="abroad_short_ttc: field 'weight': required number"):
        parse_rules(data)
    data = _base()
    del data["purchaser"][0]["max_ttc_days"]
    with pytest.raises(RulesError, match="field 'max_ttc_days': required"):
        parse_rules(data)
    data = _base()
    data["purchaser"].append(dict(data["purchaser"][0]))
    with pytest.raises(RulesError, match="field 'id': duplicate id"):
        parse_rules(data)
    data = _base()
    data["purchaser"][1].pop("id")
    with pytest.raises(RulesError, match=r"rule purchaser #2: field 'id'"):
        parse_rules(data)


def test_priorities_and_sections_are_checked() -> None:
    data = _base()
    data["priorities"]["medium"] = 500
    with pytest.raises(RulesError, match=r"\[priorities\].*high > medium > low"):
        parse_rules(data)
    data = _base()
    data["buyers"] = []
    with pytest.raises(RulesError, match="unknown section"):
        parse_rules(data)


def test_files_that_are_not_toml_or_missing(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text("[[purchaser]\nid = ")
    with pytest.raises(RulesError, match="not valid TOML"):
        load_rules(bad)
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "absent.toml")


def test_tuning_needs_no_code_change(tmp_path: Path) -> None:
    text = DEFAULT_RULES.read_text().replace("high = 70", "high = 90", 1)
    tuned = tmp_path / "tuned.toml"
    tuned.write_text(text)
    assert load_rules(tuned).priorities.high == 90
    assert load_rules(tuned).digest != load_rules().digest


@given(st.floats(0, 50), st.floats(0, 50), st.floats(0, 20), st.floats(0, 20),
       st.one_of(st.none(), st.floats(0, 100)), st.floats(0, 100))
def test_points_follow_the_formula(minimum: float, weight: float, per_extra: float,
                                   value_gap: float, cap: float | None, value: float) -> None:
    rule = Rule("r", Subject.PURCHASER, "guns_recovered", minimum, weight, per_extra, cap)
    pts = rule.points(value)
    if value < minimum:
        assert pts == 0
    else:
        expected = weight + per_extra * (value - minimum)
        assert pts == pytest.approx(min(expected, cap) if cap is not None else expected)
        assert rule.points(value + value_gap) >= pts - 1e-9  # never decreases
