"""Data-quality problems in trace requests, drawn per request at the configured rates, and
the written forms they take (placeholders, misreads, misspellings, other spellings)."""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from armsflow.simulate.arrays import Bools
from armsflow.simulate.config import DefectRates
from armsflow.simulate.pools import typo
from armsflow.simulate.tables.abroad import COUNTRY_SPELLINGS
from armsflow.simulate.tables.industry import MAKER_SPELLINGS
from armsflow.simulate.tables.requests import (
    CALIBER_SPELLINGS,
    SERIAL_PLACEHOLDERS,
    TYPE_WORDS,
)

CONFUSABLE = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B",
              "B": "8", "2": "Z", "Z": "2", "6": "G", "G": "6"}
REPORTED = ("serial_missing", "serial_obliterated", "serial_misread", "make_missing",
            "make_misspelled", "importer_missing", "name_typo")
"""Defects listed in the truth (the others are spelling variety, not errors)."""


def draw(us: DefectRates, foreign: DefectRates, abroad: Bools,
         rng: np.random.Generator) -> dict[str, Bools]:
    """One flag array per defect; the serial and make defects are mutually exclusive."""
    flags = {}
    for f in fields(DefectRates):
        rate = np.where(abroad, getattr(foreign, f.name), getattr(us, f.name))
        flags[f.name] = rng.random(len(abroad)) < rate
    flags["serial_obliterated"] &= ~flags["serial_missing"]
    flags["serial_misread"] &= ~flags["serial_missing"] & ~flags["serial_obliterated"]
    flags["make_misspelled"] &= ~flags["make_missing"]
    flags["make_alias"] &= ~flags["make_missing"] & ~flags["make_misspelled"]
    return flags


def misread(serial: str, position: float) -> str:
    """One character read as a look-alike (0/O, 1/I, 5/S, 8/B, 2/Z), else one digit off."""
    spots = [i for i, ch in enumerate(serial) if ch in CONFUSABLE]
    if spots:
        i = spots[min(int(position * len(spots)), len(spots) - 1)]
        return serial[:i] + CONFUSABLE[serial[i]] + serial[i + 1 :]
    digits = [i for i, ch in enumerate(serial) if ch.isdigit()]
    if not digits:
        return serial
    i = digits[min(int(position * len(digits)), len(digits) - 1)]
    return serial[:i] + str((int(serial[i]) + 1) % 10) + serial[i + 1 :]


def serial_text(serials: list[str], flags: dict[str, Bools], rng: np.random.Generator
                ) -> list[str]:
    out = list(serials)
    u = rng.random(len(out))
    for i in np.flatnonzero(flags["serial_missing"]):
        out[i] = SERIAL_PLACEHOLDERS[int(u[i] * 2 * len(SERIAL_PLACEHOLDERS)) % len(
            SERIAL_PLACEHOLDERS)] if u[i] < 0.5 else ""
    for i in np.flatnonzero(flags["serial_obliterated"]):
        out[i] = ""
    for i in np.flatnonzero(flags["serial_misread"]):
        if any(ch in CONFUSABLE for ch in out[i]):
            out[i] = misread(out[i], float(u[i]))
        else:
            # No look-alike character to misread. A digit off would be as likely to hit a
            # neighbour in the maker's series as the gun itself, which no tracer can tell
            # apart: such a serial is read correctly instead.
            flags["serial_misread"][i] = False
    return out


def _choose(options: tuple[str, ...], u: float) -> str:
    return options[min(int(u * len(options)), len(options) - 1)]


def make_text(makers: list[str], flags: dict[str, Bools], rng: np.random.Generator
              ) -> list[str]:
    u, v = rng.random(len(makers)), rng.random(len(makers))
    out = []
    for i, name in enumerate(makers):
        if flags["make_missing"][i]:
            out.append("" if u[i] < 0.5 else "UNKNOWN")
        elif flags["make_misspelled"][i]:
            out.append(typo(name.upper(), int(u[i] * 4), float(v[i])))
        elif flags["make_alias"][i] and name in MAKER_SPELLINGS:
            out.append(_choose(MAKER_SPELLINGS[name], float(u[i])))
        else:
            out.append(name.upper() if u[i] < 0.5 else name)
    return out


def variant(values: list[str], use: Bools, table: dict[str, tuple[str, ...]],
            rng: np.random.Generator) -> list[str]:
    """Another way of writing each value where ``use`` (caliber, type, country)."""
    u = rng.random(len(values))
    return [_choose(table[v], float(u[i])) if use[i] and v in table else v
            for i, v in enumerate(values)]


def caliber_text(values: list[str], use: Bools, rng: np.random.Generator) -> list[str]:
    return variant(values, use, CALIBER_SPELLINGS, rng)


def type_text(values: list[str], use: Bools, rng: np.random.Generator) -> list[str]:
    return variant(values, use, TYPE_WORDS, rng)


def country_text(values: list[str], use: Bools, rng: np.random.Generator) -> list[str]:
    return variant(values, use, COUNTRY_SPELLINGS, rng)


def reported(flags: dict[str, Bools], applies: dict[str, Bools]) -> list[str]:
    """The defects of each request, ``;``-separated (``applies`` narrows some flags)."""
    n = len(next(iter(flags.values())))
    parts: list[list[str]] = [[] for _ in range(n)]
    for name in REPORTED:
        mask = flags[name] & applies.get(name, np.ones(n, dtype=np.bool_))
        for i in np.flatnonzero(mask):
            parts[i].append(name)
    return [";".join(p) for p in parts]
