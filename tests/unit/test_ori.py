"""ORI validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.types.errors import InvalidValue
from armsflow.types.ori import parse_ori
from armsflow.vocab.places import COUNTRIES, US_STATES


@pytest.mark.parametrize(
    ("raw", "ori"),
    [
        ("VA0290000", "VA0290000"),
        (" tx2270100 ", "TX2270100"),
        ("DCATF0000", "DCATF0000"),
        ("MX0090000", "MX0090000"),
        ("PR0010000", "PR0010000"),
    ],
)
def test_valid(raw: str, ori: str) -> None:
    assert parse_ori(raw) == ori


@pytest.mark.parametrize(
    "raw",
    ["", "VA029000", "VA02900000", "VA-290000", "9A0290000", "QQ0290000", "VA02900 0", "VAÑ290000"],
)
def test_invalid(raw: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_ori(raw)
    assert info.value.field == "ori"


_tail = st.from_regex(r"[A-Z0-9]{7}", fullmatch=True)


@given(st.sampled_from(sorted(US_STATES)), _tail)
def test_any_state_prefix_with_seven_alphanumerics(prefix: str, tail: str) -> None:
    assert parse_ori((prefix + tail).lower()) == prefix + tail


@given(st.from_regex(r"[A-Z]{2}", fullmatch=True), _tail)
def test_unknown_prefixes_are_rejected(prefix: str, tail: str) -> None:
    if prefix in US_STATES or prefix in COUNTRIES:
        assert parse_ori(prefix + tail) == prefix + tail
    else:
        with pytest.raises(InvalidValue, match="prefix"):
            parse_ori(prefix + tail)
