"""A small, deterministic demo registry written in exchange format 1.0 (docs/formats.md).

Pure: builds rows from a seed. People are synthetic (Faker, seeded). License numbers are
fictitious but valid in every segment. Makes and calibers are written the many ways real
records write them, so the demo shows the vocabulary at work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from faker import Faker

# (region, district, county, type, expiry, sequence, name, business, city, state, zip)
LICENSEES = [
    ("6", "04", "013", "07", "7C", "00101", "SMITH & WESSON INC", "", "Springfield", "MA", "01104"),
    ("6", "02", "011", "07", "7D", "00102", "STURM RUGER & CO INC", "", "Newport", "NH", "03773"),
    ("5", "74", "201", "07", "7E", "00103", "LONE STAR ARMS MFG LLC", "", "Houston", "TX", "77002"),
    ("1", "54", "760", "08", "7F", "00104", "ATLANTIC ARMS IMPORT CO", "", "Richmond", "VA", "23219"),
    ("5", "43", "510", "01", "7G", "00105", "GREAT PLAINS WHOLESALE INC", "", "St Louis", "MO", "63101"),
    ("5", "74", "201", "01", "7H", "00201", "BAYOU SPORTING GOODS LLC", "Bayou Guns", "Houston", "TX", "77008"),
    ("5", "76", "141", "01", "7J", "00202", "BORDERLAND OUTDOORS INC", "", "El Paso", "TX", "79901"),
    ("5", "75", "479", "02", "7K", "00203", "RIO BRAVO PAWN LLC", "Rio Bravo Pawn", "Laredo", "TX", "78040"),
    ("9", "86", "013", "01", "7L", "00204", "SONORAN FIREARMS LLC", "", "Phoenix", "AZ", "85004"),
    ("9", "86", "019", "01", "7M", "00205", "SAGUARO ARMS", "", "Tucson", "AZ", "85701"),
    ("9", "95", "037", "01", "7A", "00206", "PACIFIC RANGE SUPPLY INC", "", "Los Angeles", "CA", "90012"),
    ("5", "85", "001", "01", "7B", "00207", "HIGH DESERT GUNS", "", "Albuquerque", "NM", "87102"),
    ("1", "54", "760", "01", "7C", "00208", "JAMES RIVER GUN SHOP", "", "Richmond", "VA", "23220"),
    ("1", "58", "121", "01", "7D", "00209", "PEACHTREE FIREARMS LLC", "", "Atlanta", "GA", "30303"),
    ("3", "36", "031", "01", "6E", "00210", "LAKESHORE SHOOTING SUPPLY", "", "Chicago", "IL", "60601"),
]
STATUS = {"00210": ("out_of_business", "N")}
MAKERS = {  # brand -> (maker licence sequence, spellings seen in records, models, country)
    "Smith & Wesson": ("00101", ["Smith & Wesson", "S&W", "SMITH AND WESSON", "SMITH & WESSON INC"],
                       [("M&P9 Shield", "9mm", "PI"), ("Model 686", ".357 MAG", "PR"),
                        ("M&P15", "5.56 NATO", "RI")], "US"),
    "Sturm Ruger": ("00102", ["Ruger", "STURM RUGER", "Sturm, Ruger & Co."],
                    [("LCP II", "380 ACP", "PI"), ("AR-556", "5.56x45", "RI"),
                     ("10/22", "22LR", "RI")], "US"),
    "Lone Star Arms": ("00103", ["Lone Star Arms", "LONE STAR ARMS MFG"],
                       [("LS-47", "7.62x39", "RI"), ("LS-50", ".50 BMG", "RI")], "US"),
}
IMPORTED = {  # brand -> (spellings, models, country)
    "Glock": (["GLOCK", "Glock GmbH", "Glock Inc."], [("19", "9 mm", "PI"), ("17", "9x19", "PI")], "AT"),
    "Canik": (["Canik", "CANIK"], [("TP9SF", "9MM", "PI")], "TR"),
    "Cugir": (["Cugir", "ROMARM/CUGIR"], [("WASR-10", "7.62 X 39MM", "RI")], "RO"),
}
MAKER_SEQ, IMPORTER_SEQ, WHOLESALER_SEQ = "00101", "00104", "00105"
DEALERS = [row[5] for row in LICENSEES if row[3] in ("01", "02") and row[5] != WHOLESALER_SEQ]
BORDER_DEALERS = ["00202", "00203", "00204", "00205"]


def ffl(seq: str) -> str:
    row = next(r for r in LICENSEES if r[5] == seq)
    return "-".join(row[:6])


def state_of(seq: str) -> str:
    return next(r for r in LICENSEES if r[5] == seq)[9]


@dataclass
class World:
    licensees: list[dict[str, str]] = field(default_factory=list)
    purchasers: list[dict[str, str]] = field(default_factory=list)
    transfers: list[dict[str, str]] = field(default_factory=list)
    multiple_sales: list[dict[str, str]] = field(default_factory=list)
    thefts: list[dict[str, str]] = field(default_factory=list)
    imports: list[dict[str, str]] = field(default_factory=list)
    nfa: list[dict[str, str]] = field(default_factory=list)


def _licensee_rows() -> list[dict[str, str]]:
    rows = []
    for regn, dist, cnty, typ, xp, seq, name, biz, city, st, zp in LICENSEES:
        status, on_file = STATUS.get(seq, ("active", "Y"))
        rows.append({"LIC_REGN": regn, "LIC_DIST": dist, "LIC_CNTY": cnty, "LIC_TYPE": typ,
                     "LIC_XPRDTE": xp, "LIC_SEQN": seq, "LICENSE_NAME": name,
                     "BUSINESS_NAME": biz, "PREMISE_STREET": f"{int(seq[-3:]) * 7} Commerce St",
                     "PREMISE_CITY": city, "PREMISE_STATE": st, "PREMISE_ZIP_CODE": zp,
                     "VOICE_PHONE": f"555{seq[-4:]}000"[:10], "STATUS": status,
                     "RECORDS_ON_FILE": on_file})
    return rows


def _purchasers(fake: Faker, rng: random.Random, n: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        seq = rng.choice(DEALERS)
        rows.append({"purchaser_id": f"P-{i + 1:05d}", "last_name": fake.last_name(),
                     "first_name": fake.first_name(), "middle_name": rng.choice(["", "A", "M", "J"]),
                     "dob": fake.date_of_birth(minimum_age=21, maximum_age=75).isoformat(),
                     "sex": rng.choice("MF"), "street": fake.street_address(),
                     "city": next(r[8] for r in LICENSEES if r[5] == seq), "state": state_of(seq),
                     "zip": next(r[10] for r in LICENSEES if r[5] == seq)})
    return rows


def _serial(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(7))


def _gun(rng: random.Random, imported: bool) -> dict[str, str]:
    if imported:
        brand = rng.choice(sorted(IMPORTED))
        spellings, models, country = IMPORTED[brand]
        source = IMPORTER_SEQ
    else:
        brand = rng.choice(sorted(MAKERS))
        source, spellings, models, country = MAKERS[brand]
    model, caliber, typ = rng.choice(models)
    return {"serial_number": _serial(rng, brand[:2].upper() + "-"),
            "manufacturer": rng.choice(spellings), "model": model, "caliber": caliber,
            "firearm_type": typ, "country_of_manufacture": country,
            "importer": "ATLANTIC ARMS IMPORT CO, RICHMOND VA" if imported else "",
            "_source": source, "_brand": brand}


def _chain(rng: random.Random, gun: dict[str, str], start: date, dealer: str,
           purchaser: str | None) -> list[dict[str, str]]:
    """maker/importer -> (wholesaler ->) dealer (-> purchaser), dates increasing."""
    hops = [gun["_source"]] + ([WHOLESALER_SEQ] if rng.random() < 0.6 else []) + [dealer]
    rows, day = [], start
    base = {k: v for k, v in gun.items() if not k.startswith("_")}
    for src, dst in pairwise(hops):
        rows.append({**base, "from_license": ffl(src), "to_license": ffl(dst),
                     "to_purchaser_id": "", "transfer_date": day.isoformat()})
        day += timedelta(days=rng.randint(5, 60))
    if purchaser:
        rows.append({**base, "from_license": ffl(dealer), "to_license": "",
                     "to_purchaser_id": purchaser, "transfer_date": day.isoformat()})
    return rows


def _sale_row(gun: dict[str, str], ref: str, form: str, dealer: str, pid: str,
              day: date) -> dict[str, str]:
    return {"report_ref": ref, "form": form, "license": ffl(dealer), "purchaser_id": pid,
            "sale_date": day.isoformat(), "serial_number": gun["serial_number"],
            "manufacturer": gun["manufacturer"], "model": gun["model"],
            "caliber": gun["caliber"], "firearm_type": gun["firearm_type"]}


def _straw_ring(world: World, rng: random.Random, ring: list[str]) -> None:
    """Three purchasers buying rifles in bulk at border dealers: multiple-sale reports."""
    for n, pid in enumerate(ring):
        dealer = BORDER_DEALERS[n % len(BORDER_DEALERS)]
        for k in range(2):
            day = date(2023, 3 + n, 2 + 10 * k)
            guns = []
            for _ in range(3):
                gun = _gun(rng, imported=rng.random() < 0.4)
                if gun["firearm_type"] != "RI":
                    gun["model"], gun["caliber"], gun["firearm_type"] = "AR-556", "5.56", "RI"
                    gun["manufacturer"], gun["_source"] = "RUGER", "00102"
                    gun["country_of_manufacture"], gun["importer"] = "US", ""
                guns.append(gun)
                rows = _chain(rng, gun, day - timedelta(days=150), dealer, None)
                world.transfers += rows
                world.transfers.append({**rows[-1], "from_license": ffl(dealer),
                                        "to_license": "", "to_purchaser_id": pid,
                                        "transfer_date": day.isoformat()})
                _maybe_import(world, gun, day - timedelta(days=200))
            ref = f"MS12-{pid}-{k}"
            form = "3310.12" if state_of(dealer) in ("AZ", "CA", "NM", "TX") else "3310.4"
            world.multiple_sales += [_sale_row(g, ref, form, dealer, pid, day) for g in guns]


def _maybe_import(world: World, gun: dict[str, str], day: date) -> None:
    if gun["_source"] == IMPORTER_SEQ:
        world.imports.append({
            "importer_license": ffl(IMPORTER_SEQ), "serial_number": gun["serial_number"],
            "manufacturer": gun["manufacturer"], "model": gun["model"],
            "caliber": gun["caliber"], "firearm_type": gun["firearm_type"],
            "country_of_manufacture": gun["country_of_manufacture"],
            "import_date": day.isoformat(), "permit_number": f"F6-{day.year}-{len(world.imports):04d}"})


def build_world(seed: int = 2016, purchasers: int = 60, guns: int = 150) -> World:
    """The demo registry: retail sales across 10 dealers, a straw ring, a theft, NFA items."""
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    world = World(licensees=_licensee_rows(), purchasers=_purchasers(fake, rng, purchasers))
    ids = [p["purchaser_id"] for p in world.purchasers]
    ring, buyers = ids[:3], ids[3:]
    for _ in range(guns):
        gun = _gun(rng, imported=rng.random() < 0.3)
        start = date(2014, 1, 1) + timedelta(days=rng.randint(0, 3400))
        sold = rng.random() < 0.85
        world.transfers += _chain(rng, gun, start, rng.choice(DEALERS[:-1]),
                                  rng.choice(buyers) if sold else None)
        _maybe_import(world, gun, start - timedelta(days=30))
    _straw_ring(world, rng, ring)
    _theft_and_nfa(world, rng, buyers)
    return world


def _theft_and_nfa(world: World, rng: random.Random, buyers: list[str]) -> None:
    for i in range(3):
        gun = _gun(rng, imported=False)
        world.transfers += _chain(rng, gun, date(2022, 5, 1), "00208", None)
        world.thefts.append({
            "report_ref": "3310.11-2022-0042", "kind": "theft", "license": ffl("00208"),
            "incident_date": "2022-09-14", "report_date": "2022-09-15", "city": "Richmond",
            "state": "VA", "serial_number": gun["serial_number"],
            "manufacturer": gun["manufacturer"], "model": gun["model"],
            "caliber": gun["caliber"], "firearm_type": gun["firearm_type"]})
        if i == 0:
            world.nfa.append({
                "control_number": "NFA-2019-000731", "nfa_class": "short_barreled_rifle",
                "serial_number": _serial(rng, "SW-"), "manufacturer": "Smith & Wesson",
                "model": "M&P15 SBR", "caliber": "5.56 NATO", "firearm_type": "RI",
                "registrant_license": "", "registrant_purchaser_id": rng.choice(buyers),
                "registration_date": "2019-06-03"})
