"""Synthetic trace facts in the analytical layout, vectorised: the benchmark's 10 million
traces and the cross-engine tests' tables. Not a model of anything (the world simulator is):
only a plausible spread of values, with nulls, ties, duplicates and every report exercised."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from armsflow.analytics.layout import ATF_TYPES, FACT_SCHEMA, NATIONAL_SCHEMA
from armsflow.vocab.places import MX_STATES, US_STATES

_CALIBERS = ("9mm", ".40 S&W", ".45 ACP", ".380 ACP", ".38 Special", ".357 Magnum", ".22 LR",
             "5.56x45mm", "7.62x39mm", ".223 Remington", "12 gauge", "20 gauge", ".38 Super",
             "5.7x28mm", ".50 BMG")
_MAKERS = tuple(f"MAKER {i:02d}" for i in range(40))
_FOREIGN = ("ES", "CN", "IT", "DE", "RO", "AT", "BR", "CZ", "TR")
_COUNTRIES = ("US", "MX", "GT", "HN", "SV")


def _dict(idx: np.ndarray, values: tuple[str, ...], null: np.ndarray | None = None
          ) -> pa.Array:
    indices = pa.array(idx.astype(np.int32), mask=null)
    return pa.DictionaryArray.from_arrays(indices, pa.array(values)).cast(pa.string())


def _zipf(k: int, a: float = 1.1) -> np.ndarray:
    w = 1.0 / np.arange(1, k + 1) ** a
    return np.asarray(w / w.sum())


def facts_table(n: int, seed: int = 1, years: tuple[int, ...] = (2019, 2020, 2021, 2022, 2023)
                ) -> pa.Table:
    """``n`` synthetic trace-facts rows (``layout.FACT_SCHEMA``)."""
    rng = np.random.default_rng(seed)
    us_states = tuple(sorted(US_STATES))
    places = us_states + tuple(sorted(MX_STATES))
    n_us = len(us_states)
    country = rng.choice(len(_COUNTRIES), size=n, p=[0.85, 0.12, 0.01, 0.01, 0.01])
    is_us, is_mx = country == 0, country == 1
    us_idx = rng.choice(n_us, size=n, p=_zipf(n_us))
    mx_idx = n_us + rng.choice(len(places) - n_us, size=n, p=_zipf(len(places) - n_us))
    state_idx = np.where(is_us, us_idx, mx_idx)
    origin = rng.choice(3, size=n, p=[0.85, 0.08, 0.07])  # us, foreign, undetermined
    src_idx = np.where(is_us & (rng.random(n) < 0.6), us_idx,
                       rng.choice(n_us, size=n, p=_zipf(n_us, 1.4)))
    known_source = (origin == 0) & (rng.random(n) < 0.9)
    has_ttc = known_source & (rng.random(n) < 0.85)
    ttc = np.minimum(rng.lognormal(7.3, 1.4, size=n), 60 * 365).astype(np.int32)
    outcome = np.where(has_ttc, 0, np.where(known_source, 1, 2))
    type_idx = rng.choice(len(ATF_TYPES), size=n,
                          p=[0.55, 0.12, 0.16, 0.08, 0.01, 0.01, 0.07])
    class_of_type = np.array([0, 0, 1, 1, 0, 2, 2])  # handgun, long gun, other
    item = rng.choice(5, size=n, p=[0.955, 0.01, 0.025, 0.005, 0.005])
    year = np.array(years, dtype=np.int64)[rng.integers(0, len(years), size=n)]
    dates = ((year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
             + rng.integers(0, 365, size=n).astype("timedelta64[D]"))
    foreign_idx = rng.integers(0, len(_FOREIGN), size=n)
    origin_country_idx = np.where(origin == 1, foreign_idx, len(_FOREIGN))
    columns = {
        "trace_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
        "agency_id": pa.array(rng.integers(1, 2000, size=n, dtype=np.int64)),
        "recovery_date": pa.array(dates, pa.date32()),
        "recovery_year": pa.array(year.astype(np.int32)),
        "recovery_country": _dict(country, _COUNTRIES),
        "recovery_state": _dict(state_idx, places, ~(is_us | is_mx)),
        "status": _dict((rng.random(n) >= 0.98).astype(np.int32), ("completed", "pending")),
        "outcome": _dict(outcome, ("completed_purchaser", "completed_dealer", "not_completed")),
        "reason": _dict((outcome == 2).astype(np.int32), ("", "no_serial")),
        "origin": _dict(origin, ("us", "foreign", "undetermined")),
        "origin_country": _dict(origin_country_idx, (*_FOREIGN, "US"), origin == 2),
        "item_kind": _dict(item, ("firearm", "frame_or_receiver", "privately_made", "parts_kit",
                                  "conversion_device")),
        "ncic_type": _dict(type_idx, ("PI", "PR", "RI", "SP", "PD", "MG", "ZZ")),
        "firearm_type": _dict(type_idx, ATF_TYPES),
        "firearm_class": _dict(class_of_type[type_idx], ("handgun", "long gun", "other")),
        "caliber": _dict(rng.choice(len(_CALIBERS), size=n, p=_zipf(len(_CALIBERS))), _CALIBERS),
        "manufacturer": _dict(rng.choice(len(_MAKERS), size=n, p=_zipf(len(_MAKERS))), _MAKERS),
        "source_state": _dict(src_idx, us_states, ~known_source),
        "ttc_days": pa.array(ttc, mask=~has_ttc),
        "is_duplicate": pa.array(rng.random(n) < 0.01),
        "multiple_sale": pa.array(has_ttc & (rng.random(n) < 0.06)),
        "pmf": pa.array((item == 2) | (item == 3)),
        "conversion_device": pa.array(item == 4),
        "stolen": pa.array(rng.random(n) < 0.02),
    }
    return pa.table(columns).cast(FACT_SCHEMA)


def national_table(facts: pa.Table, scale: int = 3) -> pa.Table:
    """A national table consistent in shape with ``facts``: its US source x recovery counts
    times ``scale`` plus one, under source ``atf``."""
    import pyarrow.compute as pc

    us = facts.filter(pc.and_(pc.equal(facts["recovery_country"], "US"),
                              pc.is_valid(facts["source_state"])))
    grouped = us.group_by(["recovery_year", "source_state", "recovery_state"]).aggregate(
        [("trace_id", "count")])
    n = len(grouped)
    return pa.table({
        "source": pa.array(["atf"] * n),
        "year": grouped["recovery_year"],
        "source_state": grouped["source_state"],
        "recovery_state": grouped["recovery_state"],
        "n": pc.add(pc.multiply(grouped["trace_id_count"], scale), 1),
    }).cast(NATIONAL_SCHEMA)
