"""How trace requests write things: offense codes, caliber and type spellings, serial
placeholders. Every spelling here parses to the intended value through the vocabulary
(tests/simulate/test_tables.py), so a defect is only ever injected on purpose."""

from __future__ import annotations

# fmt: off
OFFENSES: tuple[tuple[str, float], ...] = (
    # NCIC offense code (check: codes as in the NCIC Code Manual's offense table), weight
    ("5299", 45), ("3599", 18), ("1399", 10), ("0999", 6), ("1299", 5), ("2299", 3),
    ("5212", 5), ("7399", 4), ("4899", 2), ("5015", 2),
)

CALIBER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "9mm": ("9MM", "9 mm", "9mm Luger", "9X19", "9MM PARA", "cal. 9mm", "9 LUGER"),
    ".38 Special": (".38 SPL", "38 SPECIAL", ".38 Spec", "38 SP", "38 ESPECIAL"),
    ".38 Super": (".38 SUPER", "38 SUPER", "38 Súper", "CAL .38 SUPER", "38 SUPER AUTO"),
    ".45 ACP": (".45 ACP", "45 AUTO", ".45", "45ACP", "CAL. 45"),
    ".40 S&W": (".40 S&W", "40 SW", "40 CAL", ".40", "40 SMITH & WESSON"),
    ".380 ACP": (".380", "380 AUTO", "9mm Kurz", "380ACP", "9 CORTO"),
    ".357 Magnum": (".357 MAG", "357", "357 MAGNUM"),
    ".22 LR": (".22 LR", "22LR", "22 L.R.", ".22", "22 LARGO"),
    "5.56x45mm NATO": ("5.56", "5.56 NATO", "5.56X45", "5.56 OTAN", "5.56mm"),
    ".223 Remington": (".223", "223 REM", "223"),
    "7.62x39mm": ("7.62X39", "7.62 x 39", "7.62X39MM", "7.62 SOVIET"),
    ".308 Win/7.62x51mm": (".308", "308 WIN", "7.62X51", "7.62 NATO"),
    ".50 BMG": (".50 BMG", "50 BMG", ".50", "12.7X99", "CAL. 50"),
    "12 gauge": ("12GA", "12 GA", "12 gauge", "CALIBRE 12", "12G"),
    "5.7x28mm": ("5.7X28", "5.7mm", "5.7 FN"),
    ".30-30 Winchester": ("30-30", "30-30 WIN", "30 WCF"),
    ".30-06 Springfield": ("30-06", ".30-06", "30.06"),
    ".300 Blackout": ("300 BLK", "300 AAC", ".300 BLACKOUT"),
    "7.62x25mm Tokarev": ("7.62X25", "7.62 TOKAREV"),
}

TYPE_WORDS: dict[str, tuple[str, ...]] = {
    # NCIC type -> words officers write (English, Spanish); codes themselves are used too
    "PI": ("PISTOL", "Pistola", "SEMI-AUTO PISTOL", "pistola semiautomatica"),
    "PR": ("REVOLVER", "Revólver"),
    "RI": ("RIFLE", "Rifle semiautomático", "FUSIL", "SEMI-AUTOMATIC RIFLE"),
    "RB": ("BOLT ACTION RIFLE", "rifle de cerrojo"),
    "RL": ("LEVER ACTION RIFLE", "rifle de palanca"),
    "SP": ("PUMP SHOTGUN", "escopeta de bombeo"),
    "SS": ("SINGLE SHOT SHOTGUN",), "SI": ("SEMI-AUTO SHOTGUN",),
    "B": ("SUBMACHINE GUN", "subametralladora"), "M": ("MACHINE GUN", "ametralladora"),
}

SERIAL_PLACEHOLDERS: tuple[str, ...] = ("NONE", "UNKNOWN", "N/A", "SIN NUMERO", "NO SERIAL")
ORIGIN_WORDS = {"us": "US-sourced", "foreign": "foreign-sourced", "undetermined": "undetermined"}
# fmt: on
