"""Firearm vocabulary: item kinds, NCIC types, calibers, manufacturers."""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armsflow.types.errors import InvalidValue
from armsflow.vocab.firearms import (
    CANONICAL_CALIBERS,
    KNOWN_MANUFACTURERS,
    NCIC_TYPES,
    ItemKind,
    atf_category,
    is_handgun,
    is_long_gun,
    normalize_manufacturer,
    parse_caliber,
    parse_ncic_type,
)
from armsflow.vocab.places import COUNTRIES


def _data_rows(name: str) -> list[dict[str, str]]:
    text = files("armsflow.vocab").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


# --- item kinds and NCIC types ------------------------------------------------------------


def test_item_kinds() -> None:
    assert [k.value for k in ItemKind] == [
        "firearm",
        "frame_or_receiver",
        "privately_made",
        "parts_kit",
        "conversion_device",
    ]
    assert ItemKind("privately_made") is ItemKind.PRIVATELY_MADE
    assert all(len(k.description) > 10 for k in ItemKind)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("pistol", "P"),
        ("Pistola", "P"),
        ("revolver", "PR"),
        ("Revólver", "PR"),
        ("derringer", "PD"),
        ("rifle", "R"),
        ("rifle semiautomático", "RI"),
        ("Semi-Automatic Rifle", "RI"),
        ("semi-auto pistol", "PI"),
        ("pistola automática", "PI"),
        ("shotgun", "S"),
        ("escopeta", "S"),
        ("pump shotgun", "SP"),
        ("escopeta de bombeo", "SP"),
        ("over/under shotgun", "SO"),
        ("double barrel shotgun", "SE"),
        ("bolt action rifle", "RB"),
        ("lever action rifle", "RL"),
        ("fusil de cerrojo", "RB"),
        ("carabina", "RC"),
        ("submachine gun", "B"),
        ("subametralladora", "B"),
        ("machine gun", "M"),
        ("ametralladora", "M"),
        ("silencer", "V"),
        ("supresor", "V"),
        ("rifle-shotgun", "C"),
        ("PI", "PI"),
        ("pr", "PR"),
        (" s ", "S"),
        ("other", "Z"),
    ],
)
def test_parse_ncic_type(raw: str, code: str) -> None:
    assert parse_ncic_type(raw) == code


@pytest.mark.parametrize("raw", ["", "knife", "XX", "P9", "tank"])
def test_parse_ncic_type_rejects(raw: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_ncic_type(raw)
    assert info.value.field == "firearm_type"


def test_ncic_table_shape() -> None:
    singles = {c for c in NCIC_TYPES if len(c) == 1}
    assert singles == set("PRSMBCQVZ")
    assert all(len(c) == 2 and c[0] in singles for c in set(NCIC_TYPES) - singles)
    assert all(parse_ncic_type(code) == code for code in NCIC_TYPES)


@pytest.mark.parametrize(
    ("code", "category", "handgun", "long_gun"),
    [
        ("PI", "pistol", True, False),
        ("P", "pistol", True, False),
        ("PR", "revolver", True, False),
        ("PD", "derringer", True, False),
        ("RI", "rifle", False, True),
        ("SP", "shotgun", False, True),
        ("CO", "other", False, True),
        ("M", "machine gun", False, False),
        ("B", "machine gun", False, False),
        ("V", "other", False, False),
        ("Z", "other", False, False),
        ("Q", "other", False, False),
    ],
)
def test_categories(code: str, category: str, handgun: bool, long_gun: bool) -> None:
    assert atf_category(code) == category
    assert is_handgun(code) is handgun
    assert is_long_gun(code) is long_gun


# --- calibers -----------------------------------------------------------------------------

CALIBER_EXAMPLES = {
    "9mm": ["9MM", "9 mm", "9x19", "9mm Luger", "9mm Parabellum", "9 MM LUGER", "calibre 9"],
    ".45 ACP": [".45", "45 ACP", ".45 AUTO", "45 cal", ".45CAL"],
    ".38 Special": [".38 SPL", "38 SPECIAL"],
    ".380 ACP": [".380", "380 ACP", "9mm Kurz"],
    ".40 S&W": [".40 S&W", "40SW"],
    ".22 LR": [".22", "22LR", ".22 L.R."],
    "5.56x45mm NATO": ["5.56", "5.56x45", "5.56 NATO", "calibre 5,56 mm"],
    ".223 Remington": [".223", "223 REM"],
    "7.62x39mm": ["7.62x39", "7.62 X 39MM", "cal. 7,62 × 39"],
    ".308 Win/7.62x51mm": [".308", "7.62x51"],
    ".50 BMG": [".50 BMG", "50 CAL"],
    "12 gauge": ["12GA", "12 gauge", "calibre 12", "12 ga."],
    "20 gauge": ["20 GA"],
    ".357 Magnum": [".357 MAG"],
    ".44 Magnum": [".44 MAG"],
    ".25 ACP": [".25 ACP"],
    ".32 ACP": [".32 ACP", "7.65mm"],
    "10mm": ["10mm"],
    ".45 Colt": [".45 LC"],
    "5.7x28mm": ["5.7x28"],
    ".410 bore": [".410"],
    ".30-06 Springfield": [".30-06"],
    "6.5 Creedmoor": ["6.5 Creedmoor"],
    ".300 Blackout": [".300 Blackout"],
    ".38 Super": [".38 Súper"],
}


@pytest.mark.parametrize(
    ("raw", "canonical"), [(r, c) for c, raws in CALIBER_EXAMPLES.items() for r in raws]
)
def test_caliber_aliases(raw: str, canonical: str) -> None:
    assert parse_caliber(raw) == canonical


def test_every_alias_in_the_data_file_maps_to_its_canonical() -> None:
    rows = _data_rows("calibers.csv")
    assert len(rows) >= 40
    for row in rows:
        for alias in row["aliases"].split("|"):
            if alias.strip():
                assert parse_caliber(alias) == row["canonical"], alias


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [("8x56r", "8X56R"), (" .243  wssm ", ".243 WSSM"), ("cal. 6,5x55", "6.5X55")],
)
def test_unknown_plausible_calibers_are_cleaned(raw: str, cleaned: str) -> None:
    assert parse_caliber(raw) == cleaned


@pytest.mark.parametrize("raw", ["", "   ", "UNKNOWN", "n/a", "cal.", "unk cal", "?"])
def test_garbage_calibers_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_caliber(raw)
    assert info.value.field == "caliber"


_canonical = st.sampled_from(sorted(CANONICAL_CALIBERS))


@given(_canonical)
def test_canonical_calibers_are_fixed_points(canonical: str) -> None:
    assert parse_caliber(canonical) == canonical


@given(
    _canonical,
    st.sampled_from(["upper", "lower", "swapcase"]),
    st.sampled_from(["", "cal. ", "CAL ", "calibre ", "Caliber "]),
    st.text(" \t", max_size=3),
    st.text(" \t", max_size=3),
)
def test_caliber_invariant_under_case_space_and_prefix(
    canonical: str, case: str, prefix: str, left: str, right: str
) -> None:
    spelled = left + prefix + getattr(canonical, case)() + right
    assert parse_caliber(spelled) == canonical


@given(
    st.from_regex(
        r"\.?[0-9]{1,3}(?:[.,][0-9]{1,2})?(?: ?[xX] ?[0-9]{2})? ?[A-Za-z]{0,8}", fullmatch=True
    )
)
def test_any_caliber_result_is_a_fixed_point(raw: str) -> None:
    result = parse_caliber(raw)
    assert parse_caliber(result) == result
    assert parse_caliber("cal. " + raw.lower()) == result


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz /-", max_size=20))
def test_letters_only_is_a_known_alias_or_rejected(raw: str) -> None:
    try:
        result = parse_caliber(raw)
    except InvalidValue:
        return
    assert result in CANONICAL_CALIBERS


# --- manufacturers ------------------------------------------------------------------------

REQUIRED_MAKERS = [
    "Smith & Wesson",
    "Sturm Ruger",
    "Glock",
    "SCCY",
    "Taurus",
    "Hi-Point",
    "Colt",
    "Springfield Armory",
    "Sig Sauer",
    "Beretta",
    "Remington",
    "Mossberg",
    "Savage",
    "Marlin",
    "Winchester",
    "Browning",
    "Kel-Tec",
    "Heckler & Koch",
    "FN Herstal",
    "Century Arms",
    "Palmetto State Armory",
    "Anderson Manufacturing",
    "Bushmaster",
    "DPMS",
    "Rock River Arms",
    "Daniel Defense",
    "Norinco",
    "Romarm",
    "Cugir",
    "Zastava",
    "Izhmash",
    "Kalashnikov",
    "Llama",
    "Star",
    "Astra",
    "Bersa",
    "Canik",
    "Tisas",
    "CZ",
    "Walther",
    "Jimenez Arms",
    "Lorcin",
    "Raven Arms",
    "Bryco",
    "Kimber",
    "Ruger",
    "Charter Arms",
    "Rossi",
    "Imbel",
    "Barrett",
    "Armalite",
]


@pytest.mark.parametrize("raw", REQUIRED_MAKERS)
def test_required_makers_are_known(raw: str) -> None:
    assert normalize_manufacturer(raw).known


def test_manufacturer_table() -> None:
    rows = _data_rows("manufacturers.csv")
    assert len(rows) >= 60
    assert len(KNOWN_MANUFACTURERS) == len(rows)
    for row in rows:
        assert row["country"] in COUNTRIES, row
        maker = normalize_manufacturer(row["name"])
        assert (maker.name, maker.country) == (row["name"], row["country"])
        for alias in row["aliases"].split("|"):
            if alias.strip():
                assert normalize_manufacturer(alias) == maker, alias


@pytest.mark.parametrize(
    ("spellings", "name"),
    [
        (
            ["S&W", "Smith and Wesson", "SMITH & WESSON INC", "SMITH&WESSON", "smith wesson"],
            "Smith & Wesson",
        ),
        (["Sturm, Ruger & Co.", "RUGER", "STURM RUGER", "Sturm Ruger & Co., Inc."], "Sturm Ruger"),
        (["Colt's Mfg. Co.", "COLTS MANUFACTURING COMPANY LLC", "colt"], "Colt"),
        (["Hi Point", "HI-POINT FIREARMS", "Hipoint"], "Hi-Point Firearms"),
        (["Norinco", "China North Industries Corp."], "Norinco"),
        (["Česká zbrojovka a.s.", "CZ-USA", "ceska zbrojovka"], "Česká zbrojovka"),
        (["Llama Gabilondo y Cía. S.A.", "Gabilondo"], "Llama"),
        (["Industria Militar", "SEDENA"], "Industria Militar (SEDENA)"),
    ],
)
def test_spellings_of_one_maker(spellings: list[str], name: str) -> None:
    makers = {normalize_manufacturer(s) for s in spellings}
    assert len(makers) == 1
    (maker,) = makers
    assert maker.name == name and maker.known


def test_arms_is_kept_in_unknown_keys() -> None:
    maker = normalize_manufacturer("Acme Arms, Inc.")
    assert (maker.key, maker.known, maker.country) == ("ACME ARMS", False, None)
    assert normalize_manufacturer("ACME") != maker


@pytest.mark.parametrize("raw", ["", "  ", "&&", "---"])
def test_empty_manufacturer_rejected(raw: str) -> None:
    with pytest.raises(InvalidValue) as info:
        normalize_manufacturer(raw)
    assert info.value.field == "manufacturer"


_word = st.from_regex(r"[A-Z][A-Z]{2,7}", fullmatch=True)


@given(
    st.lists(_word, min_size=1, max_size=3),
    st.sampled_from(["", " Inc.", ", LLC", " Co", " Mfg. Co."]),
    st.sampled_from([" ", " - ", ", ", "  "]),
    st.sampled_from(["upper", "lower", "title"]),
)
def test_maker_key_ignores_case_punctuation_and_suffix(
    words: list[str], suffix: str, joiner: str, case: str
) -> None:
    plain = normalize_manufacturer(" ".join(words))
    variant = normalize_manufacturer(getattr(joiner.join(words) + suffix, case)())
    assert variant.key == plain.key
    assert variant.known == plain.known
