"""Choosing the registry firearm a request describes, pure and explainable.

Candidates come from the repository in tiers (exact serial, one commonly misread
character, one digit off). A candidate's maker must be the request's maker, or, when the
request names a maker the vocabulary does not know (a typing error), one within a small
edit distance. Misread tiers also need the model and caliber (those given) to agree, so a
correct serial of a gun that is not in the registry does not latch onto a neighbour.
"""

from __future__ import annotations

from functools import lru_cache

from armsflow.tracing.facts import Candidate, ExportFact, RequestFacts

MAX_MAKER_DISTANCE = 2


@lru_cache(maxsize=65_536)
def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


@lru_cache(maxsize=8192)
def _key(text: str | None) -> str:
    # cached: a batch repeats the same few hundred models and calibers
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def maker_distance(req: RequestFacts, maker_key: str) -> int | None:
    """0 for the same maker; the edit distance for an unknown (misspelled) maker; None
    when the maker rules the candidate out."""
    if req.maker_key == maker_key:
        return 0
    if req.maker_known or not req.maker_key:
        return None
    dist = min(edit_distance(req.maker_key, maker_key, MAX_MAKER_DISTANCE),
               edit_distance(_without_tail(req.maker_key), maker_key, MAX_MAKER_DISTANCE))
    return dist if dist <= MAX_MAKER_DISTANCE else None


_TAIL_WORDS = ("MANUFACTURING", "FIREARMS", "INDUSTRIES", "INTERNATIONAL", "CORPORATION",
               "COMPANY", "INCORPORATED")
"""Trailing words the maker vocabulary drops from a key ("Anderson Manufacturing" is keyed
ANDERSON): a misspelt one ("ANDERSON MANUFACTURINNG") is not recognised there, so the
distance is also taken without it."""


@lru_cache(maxsize=4096)
def _without_tail(key: str) -> str:
    tokens = key.split()
    while len(tokens) > 1 and any(edit_distance(tokens[-1], word, 2) <= 2
                                  for word in _TAIL_WORDS):
        tokens.pop()
    return " ".join(tokens)


def _agreement(req: RequestFacts, cand: Candidate) -> int:
    """How many of model and caliber agree (a missing value neither helps nor hurts)."""
    score = 0
    if req.model and _key(req.model) == _key(cand.firearm.model):
        score += 1
    if req.caliber and _key(req.caliber) == _key(cand.firearm.caliber):
        score += 1
    return score


def choose(req: RequestFacts, candidates: list[Candidate]) -> tuple[Candidate | None, bool]:
    """The matching candidate, and whether several matched equally well (ambiguous)."""
    ranked: list[tuple[int, int, int, Candidate]] = []
    for cand in candidates:
        dist = maker_distance(req, cand.firearm.maker_key)
        if dist is None:
            continue
        if cand.tier == 2 and dist > 0:
            continue
        agree = _agreement(req, cand)
        if cand.tier > 0 and agree < bool(req.model) + bool(req.caliber):
            continue
        ranked.append((cand.tier, dist, -agree, cand))
    if not ranked:
        return None, False
    ranked.sort(key=lambda r: (r[0], r[1], r[2], r[3].firearm.id))
    best = ranked[0]
    ties = [r for r in ranked if r[:3] == best[:3]]
    if len(ties) > 1:
        # Several guns one digit away are neighbours in a maker's serial series, not
        # evidence of a misread: treat as no match rather than a guess.
        return None, best[0] < 2
    return best[3], False


def choose_export(req: RequestFacts, exports: list[ExportFact]) -> ExportFact | None:
    """An export record of this gun: same serial (or one misread character) and maker."""
    ranked = []
    for ex in exports:
        dist = maker_distance(req, ex.maker_key)
        if dist is None:
            continue
        exact = ex.serial_norm == req.serial_norm
        if not exact and (dist > 0 or len(ex.serial_norm) != len(req.serial_norm or "")):
            continue
        ranked.append((not exact, dist, ex.license, ex))
    ranked.sort(key=lambda r: r[:3])
    return ranked[0][3] if ranked else None
