"""The firearm catalog: models with their maker, caliber, NCIC type and weights.

Weights are relative draw weights per context (approx.): ``us`` the US retail market,
``crime`` guns recovered in US crime (after ATF's "most frequently traced" lists: Glock,
Taurus G2C, S&W SD9, Hi-Point, SCCY...), ``mx`` US-sourced guns recovered in Mexico (AR-
and AK-type rifles, .50 BMG, 9mm and .38 Super handguns, FN Five-seveN), ``foreign`` guns
that never entered the US legally (drawn within their country of manufacture).
``ms12``: a semi-automatic rifle over .22 caliber taking detachable magazines (Form
3310.12). ``since``: first sale date; an earlier sale falls back to an older model of the
same class. ``nfa``: NFA class, if the item is registered in the NFRTR.
Makers are written as manufacturers.csv names them, calibers in canonical form.
"""

# ruff: noqa: E501 - one model per line reads better than wrapped rows.
from __future__ import annotations

from typing import NamedTuple


class Model(NamedTuple):
    maker: str
    model: str
    caliber: str
    ncic: str
    kind: str
    us: float
    crime: float
    mx: float
    foreign: float
    ms12: bool
    since: str
    nfa: str


F, FR, KIT = "firearm", "frame_or_receiver", "parts_kit"
N9, S38, R556, AK = "9mm", ".38 Special", "5.56x45mm NATO", "7.62x39mm"
G12, W308 = "12 gauge", ".308 Win/7.62x51mm"

# fmt: off
MODELS: tuple[Model, ...] = tuple(Model(*row) for row in (
    # classic fallbacks first: one per class, sold since 1950
    ("Colt", "Government", ".45 ACP", "PI", F, .6, .5, 1.0, 0, False, "1950-01-01", ""),
    ("Smith & Wesson", "Model 10", S38, "PR", F, .5, 1.0, 1.5, 0, False, "1950-01-01", ""),
    ("Winchester", "Model 94", ".30-30 Winchester", "RL", F, .4, .3, .3, 0, False, "1950-01-01", ""),
    ("Remington", "870", G12, "SP", F, 2.5, 1.5, .6, 0, False, "1950-01-01", ""),
    ("Sturm Ruger", "Mini-14", ".223 Remington", "RI", F, .8, .5, 1.5, 0, True, "1950-01-01", ""),
    # handguns
    ("Glock", "19", N9, "PI", F, 6, 9, 5, .5, False, "1988-01-01", ""),
    ("Glock", "17", N9, "PI", F, 3, 4, 3, 1, False, "1986-01-01", ""),
    ("Glock", "22", ".40 S&W", "PI", F, 2, 3, .5, 0, False, "1990-01-01", ""),
    ("Glock", "43", N9, "PI", F, 2, 2, .2, 0, False, "2015-03-01", ""),
    ("Smith & Wesson", "M&P9 Shield", N9, "PI", F, 5, 6, 1, 0, False, "2012-03-01", ""),
    ("Smith & Wesson", "SD9VE", N9, "PI", F, 2, 5, .5, 0, False, "2012-01-01", ""),
    ("Smith & Wesson", "M&P9", N9, "PI", F, 3, 3, 1.5, 0, False, "2005-01-01", ""),
    ("Smith & Wesson", "Model 642", S38, "PR", F, 2, 2, 1, 0, False, "1990-01-01", ""),
    ("Smith & Wesson", "Model 686", ".357 Magnum", "PR", F, 1, .8, .5, 0, False, "1981-01-01", ""),
    ("Sturm Ruger", "LCP", ".380 ACP", "PI", F, 3, 4, .3, 0, False, "2008-02-01", ""),
    ("Sturm Ruger", "EC9s", N9, "PI", F, 2, 3, .5, 0, False, "2017-06-01", ""),
    ("Sturm Ruger", "P95", N9, "PI", F, 1, 1.5, .8, 0, False, "1996-01-01", ""),
    ("Sturm Ruger", "LCR", S38, "PR", F, 1, 1, .3, 0, False, "2009-01-01", ""),
    ("Sturm Ruger", "GP100", ".357 Magnum", "PR", F, .8, .5, .3, 0, False, "1986-01-01", ""),
    ("SCCY Industries", "CPX-2", N9, "PI", F, 2, 5, .3, 0, False, "2005-01-01", ""),
    ("Hi-Point Firearms", "C9", N9, "PI", F, 1.5, 5, .3, 0, False, "1993-01-01", ""),
    ("Hi-Point Firearms", "JCP", ".40 S&W", "PI", F, .5, 1.5, .1, 0, False, "2002-01-01", ""),
    ("Sig Sauer", "P365", N9, "PI", F, 4, 3, .5, 0, False, "2018-01-15", ""),
    ("Sig Sauer", "P320", N9, "PI", F, 3, 2, .5, 0, False, "2014-01-01", ""),
    ("Sig Sauer", "P226", N9, "PI", F, 1, .5, .5, 0, False, "1984-01-01", ""),
    ("Springfield Armory", "XD-9", N9, "PI", F, 2, 2.5, .5, 0, False, "2002-01-01", ""),
    ("Springfield Armory", "Hellcat", N9, "PI", F, 2, 1.5, .2, 0, False, "2019-09-01", ""),
    ("Colt", "Super", ".38 Super", "PI", F, .2, .1, 3, 0, False, "1950-01-01", ""),
    ("Colt", "Detective Special", S38, "PR", F, .3, .5, .5, 0, False, "1950-01-01", ""),
    ("Kimber", "Micro 9", N9, "PI", F, .5, .4, .1, 0, False, "2016-01-01", ""),
    ("Kel-Tec", "PF-9", N9, "PI", F, 1, 1.5, .2, 0, False, "2006-01-01", ""),
    ("Jimenez Arms", "J.A. Nine", N9, "PI", F, .3, 1, .1, 0, False, "2005-01-01", ""),
    ("Heritage Manufacturing", "Rough Rider", ".22 LR", "PR", F, 1, .5, .1, 0, False, "1993-01-01", ""),
    ("Taurus", "G2C", N9, "PI", F, 4, 8, 1, .5, False, "2016-06-01", ""),
    ("Taurus", "PT111", N9, "PI", F, 2, 3, .8, .5, False, "2003-01-01", ""),
    ("Taurus", "PT92", N9, "PI", F, .5, .5, 1, 1, False, "1983-01-01", ""),
    ("Taurus", "Model 85", S38, "PR", F, 1, 1.5, .8, .3, False, "1980-01-01", ""),
    ("Beretta", "92FS", N9, "PI", F, 1, 1, 2, 2, False, "1985-01-01", ""),
    ("Beretta", "APX", N9, "PI", F, .3, .2, .1, .5, False, "2017-01-01", ""),
    ("Canik", "TP9SF", N9, "PI", F, 1.5, 2, .3, .3, False, "2015-01-01", ""),
    ("Bersa", "Thunder 380", ".380 ACP", "PI", F, .8, 1.2, .5, .5, False, "1995-01-01", ""),
    ("Heckler & Koch", "VP9", N9, "PI", F, .4, .2, .2, .5, False, "2014-06-01", ""),
    ("Walther", "PPS", N9, "PI", F, .4, .3, .1, .3, False, "2008-01-01", ""),
    ("Walther", "P99", N9, "PI", F, .3, .2, .2, 1.5, False, "1997-01-01", ""),
    ("Česká zbrojovka", "CZ 75", N9, "PI", F, .5, .3, .5, 1, False, "1975-01-01", ""),
    ("Česká zbrojovka", "Scorpion Evo 3 S2", N9, "PI", F, .3, .2, .2, .5, False, "2015-01-01", ""),
    ("FN Herstal", "Five-seveN", "5.7x28mm", "PI", F, .2, .2, 2, .5, False, "2004-01-01", ""),
    ("Romarm Cugir", "Draco", AK, "PI", F, .4, .8, 1.5, .5, False, "2010-01-01", ""),
    # rifles
    ("Smith & Wesson", "M&P15", R556, "RI", F, 2.5, 1.5, 5, 0, True, "2006-01-01", ""),
    ("Sturm Ruger", "AR-556", R556, "RI", F, 2, 1.2, 3.5, 0, True, "2015-01-01", ""),
    ("Sturm Ruger", "10/22", ".22 LR", "RI", F, 3, 1, .3, 0, False, "1964-01-01", ""),
    ("Sig Sauer", "MCX", ".300 Blackout", "RI", F, .3, .1, .3, 0, True, "2015-06-01", ""),
    ("Springfield Armory", "Saint", R556, "RI", F, .6, .3, 1, 0, True, "2016-06-01", ""),
    ("Colt", "AR-15 A2", R556, "RI", F, .5, .3, 3, 0, True, "1983-01-01", ""),
    ("Kel-Tec", "SUB-2000", N9, "RI", F, .6, .3, .3, 0, True, "2001-01-01", ""),
    ("Palmetto State Armory", "PA-15", R556, "RI", F, 1.5, .8, 2.5, 0, True, "2010-01-01", ""),
    ("Palmetto State Armory", "PSAK-47", AK, "RI", F, .5, .4, 2, 0, True, "2017-01-01", ""),
    ("Anderson Manufacturing", "AM-15 lower receiver", R556, "RI", FR, 1, .3, 1, 0, False, "2010-01-01", ""),
    ("Aero Precision", "M4E1 lower receiver", R556, "RI", FR, .6, .1, .5, 0, False, "2014-01-01", ""),
    ("Bushmaster Firearms", "XM-15", R556, "RI", F, .6, .3, 1.5, 0, True, "1990-01-01", ""),
    ("DPMS", "Oracle", R556, "RI", F, .4, .2, .8, 0, True, "2005-01-01", ""),
    ("Century Arms", "VSKA", AK, "RI", F, .5, .5, 3, 0, True, "2019-01-01", ""),
    ("Romarm Cugir", "WASR-10", AK, "RI", F, .8, .6, 5, 2, True, "1997-01-01", ""),
    ("Zastava Arms", "PAP M70", AK, "RI", F, .3, .2, 1, .5, True, "2010-01-01", ""),
    ("Arsenal AD", "SLR-95", AK, "RI", F, .1, .05, .3, .5, True, "2000-01-01", ""),
    ("Israel Weapon Industries", "Tavor X95", R556, "RI", F, .2, .05, .2, 0, True, "2016-01-01", ""),
    ("Israel Weapon Industries", "Galil ACE", AK, "RI", F, .1, .05, .3, 1, True, "2014-01-01", ""),
    ("Daniel Defense", "DDM4 V7", R556, "RI", F, .4, .1, .8, 0, True, "2012-01-01", ""),
    ("Barrett Firearms", "M82A1", ".50 BMG", "RI", F, .05, .01, 1, 0, True, "1989-01-01", ""),
    ("Barrett Firearms", "M107A1", ".50 BMG", "RI", F, .03, .005, .5, 0, True, "2010-01-01", ""),
    ("Remington", "700", W308, "RB", F, 1.5, .4, .3, 0, False, "1962-01-01", ""),
    ("Savage Arms", "Axis", W308, "RB", F, 1, .2, .1, 0, False, "2007-01-01", ""),
    ("Winchester", "Model 70", ".30-06 Springfield", "RB", F, .5, .1, .1, 0, False, "1950-01-01", ""),
    ("Marlin Firearms", "336", ".30-30 Winchester", "RL", F, .8, .2, .2, 0, False, "1950-01-01", ""),
    ("Henry Repeating Arms", "H001", ".22 LR", "RL", F, 1, .1, .05, 0, False, "1997-01-01", ""),
    # shotguns
    ("O.F. Mossberg & Sons", "500", G12, "SP", F, 3, 2, .8, 0, False, "1961-01-01", ""),
    ("O.F. Mossberg & Sons", "Maverick 88", G12, "SP", F, .8, 1, .3, 0, False, "1989-01-01", ""),
    ("Savage Arms", "320", G12, "SP", F, .6, .4, .1, 0, False, "2015-01-01", ""),
    ("Harrington & Richardson", "Pardner", G12, "SS", F, .6, .5, .2, 0, False, "1990-01-01", ""),
    ("Browning", "BPS", G12, "SP", F, .3, .05, .05, 0, False, "1977-01-01", ""),
    ("Benelli", "M4", G12, "SI", F, .3, .1, .1, .5, False, "1999-01-01", ""),
    # foreign-sourced only (never imported here)
    ("Beretta", "ARX160", R556, "RI", F, 0, 0, 0, 1, False, "2010-01-01", ""),
    ("Beretta", "PM12", N9, "B", F, 0, 0, 0, .8, False, "1960-01-01", ""),
    ("Heckler & Koch", "G3", W308, "RI", F, 0, 0, 0, 2, False, "1960-01-01", ""),
    ("Heckler & Koch", "MP5", N9, "B", F, 0, 0, 0, 1, False, "1966-01-01", ""),
    ("FN Herstal", "FAL", W308, "RI", F, 0, 0, 0, 1, False, "1960-01-01", ""),
    ("FN Herstal", "P90", "5.7x28mm", "B", F, 0, 0, 0, .5, False, "1991-01-01", ""),
    ("Llama", "Max-I", ".45 ACP", "PI", F, 0, 0, 0, 2, False, "1995-01-01", ""),
    ("Llama", "Micro-Max", ".380 ACP", "PI", F, 0, 0, 0, 1, False, "1997-01-01", ""),
    ("Star Bonifacio Echeverría", "Firestar M43", N9, "PI", F, 0, 0, 0, 1.5, False, "1990-01-01", ""),
    ("Astra Unceta", "A-75", N9, "PI", F, 0, 0, 0, 1.5, False, "1993-01-01", ""),
    ("Norinco", "Type 56", AK, "RI", F, 0, 0, 0, 3, False, "1960-01-01", ""),
    ("Norinco", "NP-22", N9, "PI", F, 0, 0, 0, 1, False, "1995-01-01", ""),
    ("Norinco", "Type 54", "7.62x25mm Tokarev", "PI", F, 0, 0, 0, .8, False, "1960-01-01", ""),
    ("Poly Technologies", "AK-47S", AK, "RI", F, 0, 0, 0, 1, False, "1985-01-01", ""),
    ("Romarm Cugir", "PM md. 90", AK, "RI", F, 0, 0, 0, 1, False, "1990-01-01", ""),
    ("IMBEL", "MD97", R556, "RI", F, 0, 0, 0, .8, False, "1997-01-01", ""),
    ("Kalashnikov Concern", "AK-47", AK, "RI", F, 0, 0, 0, 1, False, "1960-01-01", ""),
    ("Zastava Arms", "M70", AK, "RI", F, 0, 0, 0, .5, False, "1970-01-01", ""),
    # NFA items and post-2022 serialized parts kits (US market only)
    ("Sig Sauer", "SRD556 suppressor", R556, "V", F, .4, 0, 0, 0, False, "2016-01-01", "silencer"),
    ("Sig Sauer", "MCX Rattler", ".300 Blackout", "RI", F, .1, 0, 0, 0, False, "2018-01-01", "short_barreled_rifle"),
    ("Colt", "M16A1", R556, "M", F, .02, 0, 0, 0, False, "1970-01-01", "machine_gun"),
    ("Remington", "870 MCS", G12, "SP", F, .05, 0, 0, 0, False, "2006-01-01", "short_barreled_shotgun"),
    ("Polymer80", "PF940C parts kit", N9, "PI", KIT, .5, 0, 0, 0, False, "2022-08-24", ""),
))
# fmt: on

FALLBACK_CLASSES = {"PI": 0, "PR": 1, "RL": 2, "RB": 2, "SP": 3, "SS": 3, "SI": 3, "RI": 4}
"""NCIC type -> index of the classic model an anachronistic sale falls back to."""

# maker -> serial pattern (L letter, D digit, other characters literal)
SERIAL_PATTERNS: dict[str, str] = {
    "Glock": "LLLLDDD", "Smith & Wesson": "LLLDDDD", "Sturm Ruger": "DDD-DDDDD",
    "Taurus": "LLLDDDDDD", "SCCY Industries": "DDDDDDDDD", "Hi-Point Firearms": "LDDDDDDD",
    "Sig Sauer": "DDLDDDDDD", "Springfield Armory": "LLDDDDDDD", "Colt": "LLDDDDDD",
    "Romarm Cugir": "LLDDDD-DDDD", "Century Arms": "LLDDDDDDD", "Palmetto State Armory": "LLLDDDDDD",
    "Remington": "LDDDDDDDD", "O.F. Mossberg & Sons": "LDDDDDDD", "Beretta": "LLDDDDDDL",
    "Norinco": "DDDDDDDDD", "Barrett Firearms": "DDDDDDD", "Kel-Tec": "LLLDDDDD",
}
DEFAULT_SERIAL_PATTERN = "LLDDDDDDD"
SERIAL_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
