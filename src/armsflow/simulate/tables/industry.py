"""The licensed industry: US makers (real companies, fictitious licence numbers), fictitious
importers, words for fictitious dealer names, and how requests spell makers."""

from __future__ import annotations

# fmt: off
US_MAKERS: dict[str, tuple[str, str, str, str, str]] = {
    # maker (manufacturers.csv) -> licence name, state, city, county FIPS, ZIP
    "Smith & Wesson": ("SMITH & WESSON INC", "MA", "Springfield", "013", "01104"),
    "Sturm Ruger": ("STURM RUGER & CO INC", "NH", "Newport", "019", "03773"),
    "SCCY Industries": ("SCCY INDUSTRIES LLC", "TN", "Chattanooga", "065", "37421"),
    "Hi-Point Firearms": ("BEEMILLER INC", "OH", "Mansfield", "139", "44902"),
    "Sig Sauer": ("SIG SAUER INC", "NH", "Newington", "015", "03801"),
    "Springfield Armory": ("SPRINGFIELD INC", "IL", "Geneseo", "073", "61254"),
    "Colt": ("COLTS MANUFACTURING CO LLC", "CT", "West Hartford", "003", "06110"),
    "Kimber": ("KIMBER MFG INC", "NY", "Yonkers", "119", "10705"),
    "Kel-Tec": ("KEL-TEC CNC INDUSTRIES INC", "FL", "Cocoa", "009", "32922"),
    "Jimenez Arms": ("JIMENEZ ARMS INC", "NV", "Henderson", "003", "89011"),
    "Heritage Manufacturing": ("HERITAGE MFG INC", "GA", "Bainbridge", "087", "39817"),
    "Palmetto State Armory": ("PALMETTO STATE ARMORY LLC", "SC", "Columbia", "079", "29209"),
    "Anderson Manufacturing": ("ANDERSON MANUFACTURING LLC", "KY", "Hebron", "015", "41048"),
    "Aero Precision": ("AERO PRECISION LLC", "WA", "Tacoma", "053", "98409"),
    "Bushmaster Firearms": ("BUSHMASTER FIREARMS INC", "ME", "Windham", "005", "04062"),
    "DPMS": ("DPMS FIREARMS LLC", "MN", "St Cloud", "145", "56301"),
    "Century Arms": ("CENTURY INTERNATIONAL ARMS INC", "VT", "Georgia", "011", "05468"),
    "Daniel Defense": ("DANIEL DEFENSE INC", "GA", "Black Creek", "029", "31308"),
    "Barrett Firearms": ("BARRETT FIREARMS MFG INC", "TN", "Murfreesboro", "149", "37129"),
    "Remington": ("REMINGTON ARMS CO LLC", "NY", "Ilion", "043", "13357"),
    "Savage Arms": ("SAVAGE ARMS INC", "MA", "Westfield", "013", "01085"),
    "Winchester": ("WINCHESTER REPEATING ARMS", "UT", "Morgan", "029", "84050"),
    "Marlin Firearms": ("MARLIN FIREARMS CO", "NC", "Mayodan", "157", "27027"),
    "Henry Repeating Arms": ("HENRY RAC HOLDING CORP", "WI", "Rice Lake", "005", "54868"),
    "O.F. Mossberg & Sons": ("O F MOSSBERG & SONS INC", "CT", "North Haven", "009", "06473"),
    "Harrington & Richardson": ("H&R 1871 LLC", "MA", "Gardner", "027", "01440"),
    "Browning": ("BROWNING ARMS CO", "UT", "Morgan", "029", "84050"),
    "Polymer80": ("POLYMER80 INC", "NV", "Dayton", "019", "89403"),
}

IMPORTERS: tuple[tuple[str, str, str], ...] = (
    # fictitious licensed importers (type 08): name, state, city (a city of places.CITIES)
    ("GULF COAST ARMS IMPORT LLC", "FL", "Miami"),
    ("PEACH STATE IMPORTS INC", "GA", "Atlanta"),
    ("LONE STAR INTERNATIONAL ARMS LLC", "TX", "Houston"),
    ("BLUE RIDGE ARMS IMPORTING CO", "VA", "Roanoke"),
    ("KEYSTONE FIREARMS IMPORTS INC", "PA", "Harrisburg"),
    ("DESERT SUN IMPORTS LLC", "AZ", "Phoenix"),
    ("HEARTLAND ARMS IMPORT CO", "KS", "Kansas City"),
    ("OZARK TRADING IMPORTS LLC", "AR", "Fort Smith"),
    ("PALMETTO ARMS IMPORT INC", "SC", "Columbia"),
    ("MAGNOLIA SPORTING IMPORTS LLC", "AL", "Birmingham"),
    ("CHESAPEAKE ARMS IMPORT LLC", "MD", "Baltimore"),
    ("GREEN MOUNTAIN ARMS IMPORT INC", "VT", "Burlington"),
)

NAME_FIRST_WORDS: tuple[str, ...] = (
    "LONE STAR", "BORDERLAND", "RIO GRANDE", "DESERT", "PRAIRIE", "MOUNTAIN", "COASTAL",
    "EAGLE", "PATRIOT", "LIBERTY", "FRONTIER", "BIG SKY", "PINE RIDGE", "RED RIVER",
    "IRON HORSE", "SILVER CREEK", "CEDAR", "OLD TOWN", "MAIN STREET", "SOUTHERN",
    "NORTHERN", "HIGH PLAINS", "BLUE WATER", "TRI-COUNTY", "VALLEY", "CANYON", "SUMMIT",
    "HERITAGE", "PIONEER", "TIMBERLINE", "BAYOU", "SAGEBRUSH", "GRANITE", "LAKESIDE",
    "HILLTOP", "CROSSROADS", "AMERICAN", "KEYSTONE", "MIDWEST", "GULF",
)
NAME_NOUNS: tuple[str, ...] = (
    "GUNS", "ARMS", "FIREARMS", "OUTDOORS", "SPORTING GOODS", "TACTICAL", "GUN SHOP",
    "SHOOTING SUPPLY", "TRADING POST", "GUN & PAWN", "HUNTING SUPPLY", "ARMORY",
)
NAME_SUFFIXES: tuple[str, ...] = ("LLC", "INC", "", "CO", "LLC", "")
DISTRIBUTOR_NOUNS: tuple[str, ...] = (
    "WHOLESALE DISTRIBUTORS INC", "SPORTS DISTRIBUTING LLC", "FIREARMS SUPPLY INC",
    "OUTDOOR WHOLESALE CO",
)

MAKER_SPELLINGS: dict[str, tuple[str, ...]] = {
    # how officers and A&D books write makers: all group under the maker's key (tested)
    "Smith & Wesson": ("SMITH & WESSON", "S&W", "SMITH AND WESSON", "Smith & Wesson Inc"),
    "Sturm Ruger": ("RUGER", "STURM RUGER", "Sturm, Ruger & Co.", "STURM RUGER & CO INC"),
    "Glock": ("GLOCK", "Glock GmbH", "GLOCK INC"),
    "Taurus": ("TAURUS", "FORJAS TAURUS", "Taurus International"),
    "Sig Sauer": ("SIG SAUER", "SIG", "SIGARMS"),
    "Colt": ("COLT", "COLT'S MFG", "Colts Manufacturing"),
    "Romarm Cugir": ("CUGIR", "ROMARM", "ROMARM/CUGIR"),
    "Hi-Point Firearms": ("HI-POINT", "HI POINT", "BEEMILLER"),
    "Beretta": ("BERETTA", "PIETRO BERETTA", "Beretta USA"),
    "O.F. Mossberg & Sons": ("MOSSBERG", "O.F. MOSSBERG", "MAVERICK ARMS"),
    "FN Herstal": ("FN", "FN HERSTAL", "FABRIQUE NATIONALE"),
    "Česká zbrojovka": ("CZ", "CESKA ZBROJOVKA", "CZ-USA"),
    "Heckler & Koch": ("H&K", "HECKLER & KOCH", "HECKLER AND KOCH"),
    "Norinco": ("NORINCO", "CHINA NORTH INDUSTRIES"),
    "Palmetto State Armory": ("PSA", "PALMETTO STATE ARMORY", "PALMETTO"),
}
# fmt: on
