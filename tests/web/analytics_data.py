"""A small set of resolved traces for the analytics pages (imported by the analytics page and
browser tests): known counts per year, country, origin, source state and agency."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.auth.models import Agency
from armsflow.tracing.models import Trace

# (agency ORI, recovery date, country, state, origin, origin country, source state, NCIC type,
#  time-to-crime days)
ROWS = [
    *[("TXHPD0000", date(2022, 3, 1 + i), "US", "TX", "us", None, src, typ, ttc)
      for i, (src, typ, ttc) in enumerate([("TX", "PI", 200), ("TX", "PI", 400),
                                            ("TX", "PI", 800), ("TX", "RI", 1500),
                                            ("AZ", "PI", 3000), ("AZ", "RI", 5000)])],
    *[("MXFGR0000", date(2023, 5, 1 + i), "MX", st, "us", None, src, "RI", 900)
      for i, (st, src) in enumerate([("SON", "AZ"), ("SON", "AZ"), ("SON", "AZ"),
                                     ("TAM", "TX"), ("TAM", "TX")])],
    ("MXFGR0000", date(2023, 6, 1), "MX", "CHH", "foreign", "ES", None, "PI", None),
    ("MXFGR0000", date(2023, 6, 2), "MX", "JAL", "undetermined", None, None, "PI", None),
    ("WVATF0900", date(2023, 2, 1), "US", "VA", "us", None, "VA", "PR", 100),
    ("WVATF0900", date(2023, 2, 2), "US", "VA", "us", None, "VA", "PI", 150),
]
ORIGIN_COUNTS = {(2022, "US", "us"): 6, (2023, "MX", "us"): 5, (2023, "MX", "foreign"): 1,
                 (2023, "MX", "undetermined"): 1, (2023, "US", "us"): 2}


def load_traces(factory: sessionmaker[Session]) -> dict[str, int]:
    """Insert ``ROWS`` as completed traces (plus one repeated recovery, which reports must
    not count); returns request_ref -> trace id."""
    ids: dict[str, int] = {}
    with factory() as db:
        agency = {ori: aid for ori, aid in db.execute(select(Agency.ori, Agency.id))}
        first: Trace | None = None
        for i, (ori, day, country, state, origin, ocountry, src, typ, ttc) in enumerate(ROWS):
            t = Trace(agency_id=agency[ori], request_ref=f"AN-{i:03d}", submitted_by="test",
                      recovery_date=day, recovery_country=country, recovery_state=state,
                      serial_raw=f"S{i:05d}", serial_norm=f"S{i:05d}", manufacturer="Glock",
                      maker_key="GLOCK", caliber="9mm", firearm_type=typ, status="completed",
                      outcome="completed_purchaser" if src else "not_completed",
                      origin=origin, origin_country=ocountry, source_state=src,
                      ttc_days=ttc, first_retail_sale_date=(day - timedelta(days=ttc))
                      if ttc else None)
            db.add(t)
            db.flush()
            ids[t.request_ref] = t.id
            first = first or t
        assert first is not None
        dup = Trace(agency_id=first.agency_id, request_ref="AN-DUP", submitted_by="test",
                    recovery_date=first.recovery_date, recovery_country="US",
                    recovery_state="TX", status="completed", origin="us", source_state="TX",
                    firearm_type="PI", duplicate_of_id=first.id)
        db.add(dup)
        db.commit()
    return ids
