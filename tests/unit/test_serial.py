"""Serial number keys and placeholder detection."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.types.errors import InvalidValue
from armsflow.types.serial import MAX_SERIAL_LENGTH, is_placeholder_serial, normalize_serial

SEPARATORS = " -./_#:,\t"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("ab-123.45", "AB12345"),
        (" DBX 1234 ", "DBX1234"),
        ("123/456", "123456"),
        ("o0I1", "O0I1"),  # letters and look-alike digits stay distinct: see module docstring
        ("a" * MAX_SERIAL_LENGTH, "A" * MAX_SERIAL_LENGTH),
    ],
)
def test_examples(raw: str, key: str) -> None:
    assert normalize_serial(raw) == key


def test_o_and_zero_are_different_keys() -> None:
    assert normalize_serial("AO123") != normalize_serial("A0123")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "--//..",
        "A" * (MAX_SERIAL_LENGTH + 1),
        "AB\u00d1123",
        "AB\x00123",
        "AB\n123",
        "１２３",
    ],
)
def test_rejected(raw: str) -> None:
    with pytest.raises(InvalidValue) as info:
        normalize_serial(raw)
    assert info.value.field == "serial_number"


@pytest.mark.parametrize(
    "raw",
    [
        "NONE",
        "n/a",
        "N.A.",
        "Unknown",
        "UNK",
        "NO SERIAL",
        "no serial #",
        "OBLITERATED",
        "000000",
        "0",
        "XXXX",
        "sin número",
        "S/N",
        "Ilegible",
        "",
        "  ",
        "--",
    ],
)
def test_placeholders(raw: str) -> None:
    assert is_placeholder_serial(raw)


@pytest.mark.parametrize("raw", ["DBX1234", "000001", "A00000", "NONE1", "12345", "OBL123"])
def test_real_serials_are_not_placeholders(raw: str) -> None:
    assert not is_placeholder_serial(raw)


# --- properties ---------------------------------------------------------------------------

_keys = st.from_regex(r"[A-Z0-9]{1,40}", fullmatch=True)
_printable = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=126) | st.just("\t"), max_size=60
)


@st.composite
def noisy_spellings(draw: st.DrawFn) -> tuple[str, str]:
    """A key and a spelling of it with random case and separators inserted anywhere."""
    key = draw(_keys)
    out = [draw(st.text(alphabet=SEPARATORS, max_size=3))]
    for ch in key:
        out.append(ch.lower() if draw(st.booleans()) else ch)
        out.append(draw(st.text(alphabet=SEPARATORS, max_size=3)))
    return key, "".join(out)


@given(noisy_spellings())
def test_invariant_under_case_and_separators(pair: tuple[str, str]) -> None:
    key, spelling = pair
    assert normalize_serial(spelling) == key


@given(_printable)
def test_output_is_uppercase_alphanumeric_and_idempotent(raw: str) -> None:
    try:
        key = normalize_serial(raw)
    except InvalidValue as err:
        assert err.field == "serial_number"
        cleaned = re.sub(r"[^A-Za-z0-9]", "", raw)
        assert not cleaned or len(cleaned) > MAX_SERIAL_LENGTH
        return
    assert re.fullmatch(r"[A-Z0-9]{1,40}", key)
    assert normalize_serial(key) == key


@given(_keys, _keys, st.characters(min_codepoint=128) | st.characters(max_codepoint=31))
def test_characters_outside_printable_ascii_are_rejected(a: str, b: str, bad: str) -> None:
    if bad == "\t":
        return
    with pytest.raises(InvalidValue):
        normalize_serial(a + bad + b)


@given(st.from_regex(r"[A-Z0-9]{41,60}", fullmatch=True))
def test_too_long_is_rejected(raw: str) -> None:
    with pytest.raises(InvalidValue, match="limit is 40"):
        normalize_serial(raw)


@given(noisy_spellings())
def test_placeholder_check_never_raises(pair: tuple[str, str]) -> None:
    key, spelling = pair
    assert is_placeholder_serial(spelling) == is_placeholder_serial(key)
