"""A tiny hand-built registry with traces, whose graph is known edge by edge.

Licensees: maker M (phone 555-100-0001), dealers D and D2 sharing phone 555-200-0002.
Purchasers: P1 and P2 at the same address A, P3 at address B.
Firearms: G1, G2, G3 made by M and sold by D (G1, G2 to P1 in one multiple sale; G3 to P2);
G4 shipped to D2 and stolen there.
Traces: T1 (Houston PD) recovers G1 from possessor Rick Roe; T3 (Houston PD) is a duplicate
request for the same recovery; T2 (FGR, Mexico) recovers G2 from possessor Juan Doe.
All three traces end at dealer D with purchaser P1.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.auth.models import Agency
from armsflow.registry.models import (
    Firearm,
    Licensee,
    Manufacturer,
    MultipleSaleReport,
    Purchaser,
    TheftReport,
    Transfer,
)
from armsflow.tracing.models import Trace


def _licensee(key: str, ffl: str, name: str, phone: str) -> Licensee:
    r, d, c, t, e, s = ffl.split("-")
    return Licensee(license_key=key, ffl=ffl, region=r, district=d, county=c, license_type=t,
                    expiry=e, sequence=s, license_name=name, premise_city="Phoenix",
                    premise_state="AZ", phone=phone, name_key=name)


def _buyer(ref: str, last: str, first: str, street: str) -> Purchaser:
    return Purchaser(purchaser_ref=ref, last_name=last, first_name=first,
                     name_key=f"{last} {first}".upper(), dob=date(1990, 4, 2), sex="M",
                     street=street, city="Phoenix", state="AZ", zip="85001")


def _trace(agency: int, ref: str, gun: int, buyer: int, dealer: int, day: date,
           possessor: tuple[str, str] | None, duplicate_of: int | None = None) -> Trace:
    return Trace(agency_id=agency, request_ref=ref, submitted_by="test",
                 submitted_at=datetime(2024, 1, 1, tzinfo=UTC), recovery_date=day,
                 recovery_country="US" if ref.startswith("H") else "MX",
                 recovery_state="TX" if ref.startswith("H") else "CHH",
                 recovery_city="Houston" if ref.startswith("H") else "Juarez",
                 serial_raw="X", serial_norm="X", manufacturer="Lone Star Arms",
                 maker_key="LONE STAR ARMS", status="completed", outcome="completed",
                 firearm_id=gun, purchaser_id=buyer, source_licensee_id=dealer,
                 possessor_last_name=possessor[0] if possessor else None,
                 possessor_first_name=possessor[1] if possessor else None,
                 duplicate_of_id=duplicate_of)


def build(session_factory: sessionmaker[Session]) -> dict[str, int]:
    """Write the tiny registry (agencies must exist: the ``accounts`` fixture); return ids."""
    with session_factory() as db:
        agency = {a.ori: a.id for a in db.scalars(select(Agency))}
        m = _licensee("5-74-00001", "5-74-201-07-6C-00001", "LONE STAR ARMS LLC",
                      "(555) 100-0001")
        d = _licensee("9-86-00002", "9-86-013-01-7F-00002", "DESERT GUNS", "555.200.0002")
        d2 = _licensee("9-86-00003", "9-86-013-01-7F-00003", "CACTUS PAWN", "1-555-200-0002")
        maker = Manufacturer(key="LONE STAR ARMS", name="Lone Star Arms", country="US")
        p1 = _buyer("P-1", "Quintero", "Ana", "1 Synthetic Way")
        p2 = _buyer("P-2", "Quintero", "Luis", "1 SYNTHETIC WAY.")
        p3 = _buyer("P-3", "Zapata", "Eva", "9 Other Road")
        db.add_all([m, d, d2, maker, p1, p2, p3])
        db.flush()
        guns = [Firearm(serial_raw=f"LS-{i}", serial_norm=f"LS{i}", manufacturer_id=maker.id,
                        model="P9", caliber="9mm", ncic_type="PI") for i in range(1, 5)]
        db.add_all(guns)
        db.flush()
        g1, g2, g3, g4 = (g.id for g in guns)
        rows = [(g1, m.id, d.id, None, date(2022, 1, 10)), (g2, m.id, d.id, None,
                 date(2022, 1, 10)), (g3, m.id, d.id, None, date(2022, 1, 10)),
                (g1, d.id, None, p1.id, date(2022, 3, 1)), (g2, d.id, None, p1.id,
                 date(2022, 3, 1)), (g3, d.id, None, p2.id, date(2022, 5, 1)),
                (g4, m.id, d2.id, None, date(2022, 2, 1))]
        db.add_all([Transfer(firearm_id=g, from_licensee_id=a, to_licensee_id=b,
                             to_purchaser_id=p, transfer_date=day, event_key=f"e{i}")
                    for i, (g, a, b, p, day) in enumerate(rows)])
        db.add_all([MultipleSaleReport(report_ref="MS-1", form="3310.4", licensee_id=d.id,
                                       purchaser_id=p1.id, firearm_id=g, sale_date=date(2022, 3, 1))
                    for g in (g1, g2)])
        db.add(TheftReport(report_ref="TH-1", kind="theft", licensee_id=d2.id, firearm_id=g4,
                           incident_date=date(2022, 6, 1)))
        db.flush()
        t1 = _trace(agency["TXHPD0000"], "H-1", g1, p1.id, d.id, date(2023, 2, 1), ("Roe", "Rick"))
        t2 = _trace(agency["MXFGR0000"], "M-1", g2, p1.id, d.id, date(2023, 4, 1), ("Doe", "Juan"))
        db.add_all([t1, t2])
        db.flush()
        t3 = _trace(agency["TXHPD0000"], "H-2", g1, p1.id, d.id, date(2023, 2, 1), None,
                    duplicate_of=t1.id)
        db.add(t3)
        db.commit()
        return {"M": m.id, "D": d.id, "D2": d2.id, "P1": p1.id, "P2": p2.id, "P3": p3.id,
                "G1": g1, "G2": g2, "G3": g3, "G4": g4, "T1": t1.id, "T2": t2.id, "T3": t3.id,
                "houston": agency["TXHPD0000"], "fgr": agency["MXFGR0000"]}
