"""Damaged-serial search against brute force (issue 4, item 4), on both backends.

The brute force is written here, independently of ``armsflow.tracing.serials``: a
dynamic programme over pattern and serial that finds the fewest misread characters with
which a serial fits a pattern. A serial is a *true match* of a pattern when

* every ``?`` stands for exactly one character and every ``*`` for any run (possibly
  empty);
* every other pattern character equals the serial's, or is misread: both are in one of
  the groups O/0, I/1/L, S/5, B/8, Z/2, G/6;
* unknown and misread characters together are at most two (``?`` beyond two are allowed,
  but then nothing may be misread).

Over a seeded random registry of a few thousand firearms (serials rich in look-alike
characters, with near-duplicate families), for patterns with up to two ``?``, a ``*`` run
and up to two misread characters, narrowed or not by manufacturer, model and caliber, the
search must return every true match and nothing else; rank exact matches first and
fewer misreads before more; and give each candidate its reason.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.registry.models import Firearm, Manufacturer
from armsflow.tracing import serials
from armsflow.tracing.reads import search_serial_unchecked
from armsflow.vocab.firearms import normalize_manufacturer

GROUPS = ("O0", "I1L", "S5", "B8", "Z2", "G6")
LOOKALIKE = {a: {b for b in g if b != a} for g in GROUPS for a in g}
BUDGET = 2
ALNUM = string.ascii_uppercase + string.digits
SERIAL_CHARS = "O0I1LS5B8Z2G6" * 3 + "ACDEFHJKMNPRTUVWXY34679"

MAKERS = ["Recall Arms", "Brute Force Mfg", "Lookalike Co", "Series Works"]
MODELS = ["M1", "M2", "P9"]
CALIBERS = ["9mm", ".45 ACP", "5.56 NATO"]
FIREARMS = 3_000
PATTERNS = 220


# ------------------------------------------------------------------ the brute-force oracle


def fewest_misreads(pattern: str, serial: str) -> int | None:
    """The fewest misread characters with which ``serial`` fits ``pattern`` (None: never)."""
    return _fewest(pattern, serial)


@lru_cache(maxsize=200_000)
def _fewest(pattern: str, serial: str) -> int | None:
    inf = 10**6
    n, m = len(pattern), len(serial)
    # best[i][j]: fewest misreads matching pattern[i:] against serial[j:]
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    best[n][m] = 0
    for i in range(n - 1, -1, -1):
        p = pattern[i]
        for j in range(m, -1, -1):
            if p == "*":
                best[i][j] = min(best[i + 1][k] for k in range(j, m + 1))
            elif j < m:
                s = serial[j]
                if p == "?" or p == s:
                    best[i][j] = best[i + 1][j + 1]
                elif s in LOOKALIKE.get(p, ()):
                    best[i][j] = best[i + 1][j + 1] + 1
    return None if best[0][0] >= inf else best[0][0]


def true_match(pattern: str, serial: str) -> int | None:
    """Misreads used when ``serial`` truly matches ``pattern``, else None."""
    misread = fewest_misreads(pattern, serial)
    if misread is None or misread > max(0, BUDGET - pattern.count("?")):
        return None
    return misread


# ------------------------------------------------------------------ pure checks (no database)


serial_text = st.text(alphabet="O0I1LS5B8Z2G6AX7", min_size=1, max_size=9)


@st.composite
def pattern_for(draw: st.DrawFn) -> tuple[str, str]:
    serial = draw(serial_text)
    chars = list(serial)
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(chars) - 1))
        chars[i] = draw(st.sampled_from("?O0I1LS5B8Z2G6AX7"))
    if draw(st.booleans()):
        i = draw(st.integers(0, len(chars)))
        j = draw(st.integers(i, min(len(chars), i + 3)))
        chars[i:j] = ["*"]
    return "".join(chars), serial


@settings(max_examples=600, deadline=None)
@given(pattern_for())
def test_pure_matcher_agrees_with_brute_force(case: tuple[str, str]) -> None:
    pattern, serial = case
    hit = serials.matches(pattern, serial)
    expected = true_match(pattern, serial)
    assert (hit is not None) == (expected is not None), (pattern, serial, hit)
    if hit is not None:
        assert hit.misread == expected and hit.unknown == pattern.count("?")
        assert hit.why


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="O0I1LS5B8Z2G6AX7?", min_size=1, max_size=7))
def test_expansion_is_exactly_the_true_matches(pattern: str) -> None:
    keys = serials.expand(pattern)
    if keys is None:  # too many keys: the search scans instead (checked below, with a database)
        return
    for key, hit in keys.items():
        assert true_match(pattern, key) == hit.misread, (pattern, key)
    # every true match of the pattern's length is among the keys: sample the space
    rng = random.Random(pattern)
    for _ in range(200):
        serial = "".join(rng.choice(ALNUM) if c == "?"
                         else rng.choice(sorted(LOOKALIKE.get(c, set()) | {c}))
                         for c in pattern)
        if true_match(pattern, serial) is not None:
            assert serial in keys, (pattern, serial)


# ------------------------------------------------------------------ a random registry


@dataclass(frozen=True)
class Gun:
    id: int
    serial: str
    maker_key: str
    maker_name: str
    model: str
    caliber: str


def _serials(rng: random.Random, n: int) -> list[str]:
    """Random serials in near-duplicate families: look-alike swaps, one character off,
    longer and shorter cousins, so patterns have several true matches."""
    out: list[str] = []
    while len(out) < n:
        base = "".join(rng.choice(SERIAL_CHARS) for _ in range(rng.randint(4, 9)))
        out.append(base)
        for _ in range(rng.randint(0, 8)):
            kin = list(base)
            for _ in range(rng.choice([1, 1, 2])):
                i = rng.randrange(len(kin))
                alts = sorted(LOOKALIKE.get(kin[i], ())) or list(ALNUM)
                kin[i] = rng.choice(alts if rng.random() < 0.7 else list(ALNUM))
            if rng.random() < 0.15:
                kin.insert(rng.randrange(len(kin) + 1), rng.choice(ALNUM))
            if rng.random() < 0.1 and len(kin) > 3:
                kin.pop(rng.randrange(len(kin)))
            out.append("".join(kin))
    return out[:n]


@pytest.fixture
def registry(session_factory: sessionmaker[Session]) -> list[Gun]:
    rng = random.Random(20261127)
    with session_factory() as db:
        makers = []
        for name in MAKERS:  # keyed as the importer keys them
            m = Manufacturer(key=normalize_manufacturer(name).key, name=name, country="US",
                             known=False)
            db.add(m)
            makers.append(m)
        db.flush()
        rows, seen = [], set()
        for serial in _serials(rng, FIREARMS * 2):
            maker = rng.choice(makers)
            if (maker.id, serial) in seen:
                continue
            seen.add((maker.id, serial))
            rows.append({"serial_raw": serial, "serial_norm": serial,
                         "manufacturer_id": maker.id, "model": rng.choice(MODELS),
                         "caliber": rng.choice(CALIBERS), "country_of_manufacture": "US",
                         "item_kind": "firearm"})
            if len(rows) == FIREARMS:
                break
        db.execute(insert(Firearm), rows)
        db.commit()
        names = {m.id: (m.key, m.name) for m in makers}
        return [Gun(f.id, f.serial_norm, *names[f.manufacturer_id], f.model or "",
                    f.caliber or "")
                for f in db.scalars(select(Firearm).order_by(Firearm.id))]


@dataclass(frozen=True)
class Query:
    pattern: str
    maker: str | None = None  # manufacturer name as a user would type it
    model: str | None = None
    caliber: str | None = None

    def admits(self, gun: Gun) -> bool:
        return ((self.maker is None or gun.maker_name == self.maker)
                and (self.model is None or gun.model == self.model)
                and (self.caliber is None or gun.caliber == self.caliber))


def _damage(rng: random.Random, serial: str) -> str:
    """Up to two unknown characters, up to two misread ones, maybe a ``*`` run."""
    chars = list(serial)
    positions = list(range(len(chars)))
    rng.shuffle(positions)
    # mostly within the budget of two; sometimes beyond it (then the damaged serial
    # itself is no longer a match, which the search must respect too)
    n_unknown, n_misread = rng.choice([(0, 0), (1, 0), (2, 0), (0, 1), (0, 2), (1, 1),
                                       (0, 2), (1, 1), (2, 1), (1, 2), (2, 2)])
    unknown = positions[:n_unknown]
    for i in unknown:
        chars[i] = "?"
    lookalikes = [i for i in positions if i not in unknown and chars[i] in LOOKALIKE]
    for i in lookalikes[:n_misread]:
        chars[i] = rng.choice(sorted(LOOKALIKE[chars[i]]))
    if rng.random() < 0.4:
        i = rng.randint(0, len(chars))
        j = min(len(chars), i + rng.choice([0, 1, 2, 3]))
        chars[i:j] = ["*"]
    return "".join(chars)


def _queries(rng: random.Random, guns: list[Gun]) -> list[Query]:
    out = [Query("*"), Query("?" * 6), Query(guns[0].serial), Query("ZZZZZZZZZZ"),
           # the start ground off: searched on the reversed-serial index
           Query("*" + guns[1].serial[-5:]), Query("*?" + guns[2].serial[-4:]),
           Query("*" + _damage(rng, guns[3].serial[-6:]).replace("*", ""))]
    while len(out) < PATTERNS:
        gun = rng.choice(guns)
        pattern = _damage(rng, gun.serial)
        if rng.random() < 0.15:  # the first characters lost
            pattern = "*" + pattern[rng.randint(1, 4):]
        if rng.random() < 0.1:  # separators and lower case, as typed
            pattern = "-".join(pattern[i:i + 3] for i in range(0, len(pattern), 3)).lower()
        r = rng.random()
        if r < 0.2:
            out.append(Query(pattern, maker=gun.maker_name))
        elif r < 0.3:
            out.append(Query(pattern, maker=gun.maker_name, model=gun.model,
                             caliber=gun.caliber))
        elif r < 0.35:
            out.append(Query(pattern, caliber=gun.caliber))
        else:
            out.append(Query(pattern))
    return out


def _clean(pattern: str) -> str:
    return "".join(ch for ch in pattern.upper() if ch in ALNUM or ch in "?*")


def test_search_returns_every_true_match_and_nothing_else(
    registry: list[Gun], session_factory: sessionmaker[Session]
) -> None:
    rng = random.Random(4)
    by_id = {g.id: g for g in registry}
    failures: list[str] = []
    sizes = []
    with session_factory() as db:
        for q in _queries(rng, registry):
            key = _clean(q.pattern)
            expected = {g.id: m for g in registry if q.admits(g)
                        if (m := true_match(key, g.serial)) is not None}
            got = search_serial_unchecked(db, q.pattern, manufacturer=q.maker, model=q.model,
                                          caliber=q.caliber, limit=10**6)
            ids = [c.firearm_id for c in got]
            missing = expected.keys() - set(ids)
            extra = set(ids) - expected.keys()
            if missing or extra or len(ids) != len(set(ids)):
                failures.append(f"{q}: missing {sorted(by_id[i].serial for i in missing)[:5]}"
                                f" ({len(missing)}), extra "
                                f"{sorted(by_id[i].serial for i in extra)[:5]} ({len(extra)})")
                continue
            sizes.append(len(expected))
            _check_ranking_and_reasons(q, key, got, expected, failures)
            # a small limit keeps the best candidates (the search may stop reading early)
            best = sorted(expected, key=lambda i: (expected[i], by_id[i].serial, i))[:5]
            top = search_serial_unchecked(db, q.pattern, manufacturer=q.maker, model=q.model,
                                          caliber=q.caliber, limit=5)
            if [c.firearm_id for c in top] != best:
                failures.append(f"{q}: top 5 {[c.serial for c in top]}, expected "
                                f"{[by_id[i].serial for i in best]}")
    assert not failures, f"{len(failures)} queries wrong:\n" + "\n".join(failures[:15])
    # the serial families give many patterns several true matches, some none at all
    assert sum(n > 1 for n in sizes) > len(sizes) // 4
    assert 0 < sum(n == 0 for n in sizes) < len(sizes) // 3


def _check_ranking_and_reasons(q: Query, key: str, got: list, expected: dict[int, int],  # type: ignore[type-arg]
                               failures: list[str]) -> None:
    misreads = [expected[c.firearm_id] for c in got]
    if misreads != sorted(misreads):
        failures.append(f"{q}: not ranked by misreads: {[c.serial for c in got][:8]}")
    scores = [c.score for c in got]
    if scores != sorted(scores, reverse=True):
        failures.append(f"{q}: scores not descending: {scores[:8]}")
    exact = [c for c in got if c.serial == key]
    if exact and got[0].serial != key:
        failures.append(f"{q}: exact match {key} not first ({got[0].serial})")
    if exact and exact[0].score != 1.0:
        failures.append(f"{q}: exact match scored {exact[0].score}")
    for c in got:
        m = expected[c.firearm_id]
        if not c.why or ("misread" in c.why) != (m > 0) or (
                "?" in key and "unknown" not in c.why):
            failures.append(f"{q}: {c.serial} ({m} misread) explained as {c.why!r}")
            break


def test_narrowing_and_limit(registry: list[Gun], session_factory: sessionmaker[Session]
                             ) -> None:
    """The default limit keeps the best candidates, not the first rows read."""
    gun = registry[7]
    pattern = gun.serial[0] + "*"
    expected = sorted((true_match(pattern, g.serial), g.serial, g.id) for g in registry
                      if true_match(pattern, g.serial) is not None)
    with session_factory() as db:
        got = search_serial_unchecked(db, pattern, limit=10)
        assert [c.firearm_id for c in got] == [i for _m, _s, i in expected[:10]]
        narrowed = search_serial_unchecked(db, gun.serial, manufacturer=gun.maker_name,
                                           model=gun.model, caliber=gun.caliber)
    assert narrowed and narrowed[0].firearm_id == gun.id and narrowed[0].why == "exact match"
    assert all(c.manufacturer == gun.maker_name for c in narrowed)
