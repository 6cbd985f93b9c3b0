"""Damaged and misread serials, pure.

Two jobs: (1) the resolution engine's tolerance for a serial read wrongly at the scene
(one commonly misread character, or one character off), and (2) the damaged-serial search
(``?`` one unknown character, ``*`` any run, misread characters), which returns every
registry serial that matches, ranked, each with the reason it matches.

What matches (the one definition, :func:`matches`): each ``?`` stands for exactly one
character, each ``*`` for any run (possibly empty); every other character of the pattern
is on record as itself or as a commonly misread look-alike (O/0, I/1/L, S/5, B/8, Z/2,
G/6). Unknown and misread characters together stay within the budget (two): a pattern
with two ``?`` allows no misread, one with more than two ``?`` still matches exactly
filled-in serials.

Search works by *expansion* where it can: a pattern without ``*`` whose keys are few is
expanded into the exact keys it can stand for, looked up with the serial index (``IN``).
Otherwise it is *planned*: the part before the first ``*`` is expanded into literal
prefixes (index range scans; or, when the end of the serial is the better known, the part
after the last ``*`` into prefixes of the serial read backwards, on an index of reversed
serials), the whole pattern into a GLOB (SQLite) or regular
expression (PostgreSQL) that every match satisfies, and each row read is checked with
:func:`matches`. Both are exhaustive, so recall is complete by construction;
tests/tracing/test_serial_recall.py checks it against an independent brute force.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# Commonly misread characters: each group's members are read as one another.
CONFUSION_GROUPS: tuple[str, ...] = ("O0", "I1L", "S5", "B8", "Z2", "G6")
CONFUSABLE: dict[str, str] = {
    ch: group.replace(ch, "") for group in CONFUSION_GROUPS for ch in group
}
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
BUDGET = 2
"""Unknown plus misread characters within which every match is guaranteed (issue 4)."""
MAX_EXPANSIONS = 5_000
"""Above this many exact keys a pattern is searched by prefix ranges instead of ``IN``."""
MAX_PREFIXES = 2_000
START_ENOUGH = 3
"""Known leading characters from which a search starts from the front even when more of
the end is known (see :func:`anchors`)."""
_PATTERN_OK = re.compile(r"^[A-Z0-9?*]+$")
_MAX_SERIAL = 40


def clean_pattern(raw: str) -> str:
    """Upper case, separators dropped; ``?`` and ``*`` kept (serials are ASCII A-Z0-9)."""
    return "".join(ch for ch in raw.upper() if ch in ALPHABET or ch in "?*")


def misread_budget(pattern: str, budget: int = BUDGET) -> int:
    """How many misread characters a match of ``pattern`` may have."""
    return max(0, budget - pattern.count("?"))


def misread_variants(serial: str) -> list[str]:
    """Keys that differ from ``serial`` by one commonly misread character."""
    out: list[str] = []
    for i, ch in enumerate(serial):
        for alt in CONFUSABLE.get(ch, ""):
            out.append(serial[:i] + alt + serial[i + 1 :])
    return out


def one_off_variants(serial: str) -> list[str]:
    """Keys that differ from ``serial`` by one digit (a digit read or typed wrong)."""
    out: list[str] = []
    for i, ch in enumerate(serial):
        if ch.isdigit():
            out.extend(serial[:i] + d + serial[i + 1 :] for d in "0123456789" if d != ch)
    return out


@dataclass(frozen=True)
class SerialHit:
    serial_norm: str
    unknown: int
    misread: int
    why: str

    @property
    def score(self) -> float:
        """1.0 for an exact match; each unknown or misread character costs."""
        return round(1.0 - 0.15 * self.unknown - 0.2 * self.misread, 2)


# ------------------------------------------------------------------------------ matching

_INF = 1 << 20


def _table(pattern: str, serial: str) -> list[list[int]]:
    """``best[i][j]``: fewest misreads fitting ``pattern[i:]`` to ``serial[j:]``."""
    n, m = len(pattern), len(serial)
    best = [[_INF] * (m + 1) for _ in range(n + 1)]
    best[n][m] = 0
    for i in range(n - 1, -1, -1):
        p, row, below = pattern[i], best[i], best[i + 1]
        if p == "*":
            row[m] = below[m]
            for j in range(m - 1, -1, -1):
                row[j] = min(below[j], row[j + 1])
            continue
        alts = CONFUSABLE.get(p, "")
        for j in range(m - 1, -1, -1):
            s = serial[j]
            if p == "?" or p == s:
                row[j] = below[j + 1]
            elif s in alts:
                row[j] = below[j + 1] + 1
    return best


def _align(pattern: str, serial: str, best: list[list[int]]) -> list[str]:
    """The explanation of one cheapest alignment, one phrase per notable character."""
    parts: list[str] = []
    i = j = 0
    n, m = len(pattern), len(serial)
    while i < n:
        p = pattern[i]
        if p == "*":
            k = j  # shortest run that keeps the cheapest cost
            while best[i + 1][k] != best[i][j]:
                k += 1
            run = serial[j:k]
            parts.append(f"* stands for {run}" if run else "* stands for no character")
            i, j = i + 1, k
            continue
        s = serial[j]
        if p == "?":
            parts.append(f"position {j + 1} unknown, {s} on record")
        elif p != s:
            parts.append(f"position {j + 1} read as {p}, {s} on record (commonly misread)")
        i, j = i + 1, j + 1
    assert j == m
    return parts


@lru_cache(maxsize=256)
def _exact(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch)
                              for ch in pattern))


def fewest_misreads(pattern: str, serial: str, budget: int = BUDGET) -> int | None:
    """How many misread characters ``serial`` needs to match ``pattern`` (see the module
    docstring); None when it does not match. The search's check of every row it reads."""
    allowed = misread_budget(pattern, budget)
    if "*" not in pattern:
        if len(pattern) != len(serial):
            return None
        misread = 0
        for p, s in zip(pattern, serial, strict=True):
            if p != s and p != "?":
                if s not in CONFUSABLE.get(p, ""):
                    return None
                misread += 1
        return misread if misread <= allowed else None
    if _exact(pattern).fullmatch(serial):
        return 0
    if not allowed:
        return None
    cost = _table(pattern, serial)[0][0]
    return cost if cost <= allowed else None


def matches(pattern: str, serial: str, budget: int = BUDGET) -> SerialHit | None:
    """Whether ``serial`` matches ``pattern`` (see the module docstring), with the fewest
    misread characters and why."""
    misread = fewest_misreads(pattern, serial, budget)
    if misread is None:
        return None
    return SerialHit(serial, pattern.count("?"), misread, explain(pattern, serial))


def explain(pattern: str, serial: str) -> str:
    """Why ``serial`` matches ``pattern``, in words (the cheapest reading)."""
    if "*" not in pattern and len(pattern) == len(serial):
        parts = []
        for i, (p, s) in enumerate(zip(pattern, serial, strict=True), start=1):
            if p == "?":
                parts.append(f"position {i} unknown, {s} on record")
            elif p != s:
                parts.append(f"position {i} read as {p}, {s} on record (commonly misread)")
        return "; ".join(parts) or "exact match"
    best = _table(pattern, serial)
    if best[0][0] >= _INF:
        return "does not match"
    return "; ".join(_align(pattern, serial, best)) or "exact match"


# ------------------------------------------------------------------------------ expansion


def _slots(pattern: str, allowed: int) -> Iterator[tuple[str, int, int]]:
    """(key, unknowns, misreads) for every key ``pattern`` (no ``*``) can stand for."""
    unknown = [i for i, ch in enumerate(pattern) if ch == "?"]
    spots = [i for i, ch in enumerate(pattern) if ch in CONFUSABLE]
    for fill in itertools.product(ALPHABET, repeat=len(unknown)):
        base = list(pattern)
        for i, ch in zip(unknown, fill, strict=True):
            base[i] = ch
        for k in range(0, allowed + 1):
            for chosen in itertools.combinations(spots, k):
                for alts in itertools.product(*(CONFUSABLE[pattern[i]] for i in chosen)):
                    key = list(base)
                    for i, alt in zip(chosen, alts, strict=True):
                        key[i] = alt
                    yield "".join(key), len(unknown), k


def _key_count(pattern: str, allowed: int) -> int:
    """How many keys :func:`_slots` yields (before removing repeats)."""
    ways = [1] + [0] * allowed  # ways[k]: choices of k misread spots with their look-alikes
    for ch in pattern:
        alts = len(CONFUSABLE.get(ch, ""))
        if alts:
            for k in range(allowed, 0, -1):
                ways[k] += ways[k - 1] * alts
    return int(len(ALPHABET) ** pattern.count("?")) * sum(ways)


def expand(pattern: str, budget: int = BUDGET) -> dict[str, SerialHit] | None:
    """Every exact key ``pattern`` can stand for, with its explanation; None when the
    pattern has ``*`` or would expand past :data:`MAX_EXPANSIONS` (search by prefix
    ranges then, see :func:`prefixes`)."""
    if "*" in pattern or not _PATTERN_OK.match(pattern) or len(pattern) > _MAX_SERIAL:
        return None
    allowed = misread_budget(pattern, budget)
    if _key_count(pattern, allowed) > MAX_EXPANSIONS:
        return None
    out: dict[str, SerialHit] = {}
    for key, unknown, misread in _slots(pattern, allowed):
        known = out.get(key)
        if known is None or misread < known.misread:
            out[key] = SerialHit(key, unknown, misread, explain(pattern, key))
    return out


def prefixes(pattern: str, budget: int = BUDGET, cap: int = MAX_PREFIXES) -> list[str]:
    """Literal prefixes such that every match of ``pattern`` starts with one of them: the
    part before the first ``*`` expanded character by character while at most ``cap``
    prefixes result. ``[""]`` means no prefix narrows the search (a full scan)."""
    allowed = misread_budget(pattern, budget)
    states: dict[str, int] = {"": 0}  # prefix -> fewest misreads spent
    for ch in pattern:
        if ch == "*":
            break
        options = ([(a, 0) for a in ALPHABET] if ch == "?" else
                   [(ch, 0)] + [(a, 1) for a in CONFUSABLE.get(ch, "")])
        nxt: dict[str, int] = {}
        for pre, used in states.items():
            for a, cost in options:
                if used + cost <= allowed and nxt.get(pre + a, _INF) > used + cost:
                    nxt[pre + a] = used + cost
        if len(nxt) > cap:
            break
        states = nxt
    return sorted(states)


def anchors(pattern: str, budget: int = BUDGET) -> tuple[str, list[str]]:
    """The end of the serial that narrows a planned search: ``("start", prefixes)``,
    ``("end", prefixes of the serial read backwards)`` when the pattern's known end is the
    longer (``*4821``: the start ground off), or ``("none", [""])`` (a full scan)."""
    starts, ends = prefixes(pattern, budget), prefixes(pattern[::-1], budget)
    head, tail = len(starts[0]), len(ends[0])
    if head == 0 and tail == 0:
        return "none", [""]
    # the start wins ties and whenever it has a few characters: its ranges come in serial
    # order, so the search can stop once the best candidates are in
    return ("start", starts) if head >= min(tail, START_ENOUGH) else ("end", ends)


def _classes(pattern: str, budget: int, one: str, run: str) -> Iterator[str]:
    allowed = misread_budget(pattern, budget)
    for ch in pattern:
        if ch == "?":
            yield one
        elif ch == "*":
            yield run
        elif allowed and ch in CONFUSABLE:
            yield f"[{ch}{CONFUSABLE[ch]}]"
        else:
            yield ch


def to_glob(pattern: str, budget: int = BUDGET) -> str:
    """A SQLite GLOB every match of ``pattern`` satisfies (look-alikes as classes)."""
    return "".join(_classes(pattern, budget, "?", "*"))


def to_regex(pattern: str, budget: int = BUDGET) -> str:
    """A POSIX regular expression every match of ``pattern`` satisfies."""
    return "^" + "".join(_classes(pattern, budget, ".", ".*")) + "$"


def to_like(pattern: str) -> str:
    """The SQL LIKE form of a pattern: ``?`` is ``_``, ``*`` is ``%``."""
    return pattern.replace("?", "_").replace("*", "%")


def prefix_upper(prefix: str) -> str:
    """The greatest serial starting with ``prefix`` (serials are A-Z0-9, at most 40
    characters; Z sorts last in binary and in linguistic collations)."""
    return prefix + "Z" * (_MAX_SERIAL - len(prefix))
