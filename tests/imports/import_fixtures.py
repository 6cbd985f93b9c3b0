"""Shared data and helpers of the import tests: small synthetic files written next to
each test, and a registry wrapper (synthetic people only)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM
from armsflow.imports import ImportReport, import_file
from armsflow.settings import Settings

LIC_HEADER = ["LIC_REGN", "LIC_DIST", "LIC_CNTY", "LIC_TYPE", "LIC_XPRDTE", "LIC_SEQN",
              "LICENSE_NAME", "BUSINESS_NAME", "PREMISE_STREET", "PREMISE_CITY",
              "PREMISE_STATE", "PREMISE_ZIP_CODE", "MAIL_STREET", "MAIL_CITY", "MAIL_STATE",
              "MAIL_ZIP_CODE", "VOICE_PHONE"]

# name -> (full FFL number, licence row); segments deliberately unpadded where ATF
# spreadsheets drop zeros.
MAKER = "5-74-013-07-5A-00042"
IMPORTER = "9-86-013-08-5A-00077"
DISTRIBUTOR = "1-54-107-01-5A-00100"
DEALER_TX = "5-74-029-01-5A-12345"
DEALER_VA = "1-54-059-01-5A-12346"
DEALER_AZ = "9-86-013-01-5A-12347"

LICENSEES = [
    ["5", "74", "13", "7", "5A", "42", "ACME ARMS MFG", "ACME", "1 PLANT RD", "AUSTIN", "TX",
     "78701", "", "", "", "", "5125550100"],
    ["9", "86", "13", "8", "5A", "77", "DESERT IMPORTS LLC", "", "2 DOCK ST", "PHOENIX",
     "AZ", "85001", "", "", "", "", ""],
    ["1", "54", "107", "1", "5A", "100", "BLUE RIDGE WHOLESALE", "No Business Name Provided",
     "3 DEPOT RD", "LEESBURG", "VA", "20175", "", "", "", "", ""],
    ["5", "74", "29", "1", "5A", "12345", "DOE, JANE", "LONE STAR GUNS", "4 MAIN ST",
     "SAN ANTONIO", "TX", "782011234", "PO BOX 4", "SAN ANTONIO", "TX", "78201", ""],
    ["1", "54", "59", "1", "5A", "12346", "ROE, RICHARD", "OLD DOMINION SPORTS", "5 ELM ST",
     "FAIRFAX", "VA", "22030", "", "", "", "", ""],
    ["9", "86", "13", "1", "5A", "12347", "POE, PAT", "CACTUS OUTFITTERS", "6 SAND RD",
     "TUCSON", "AZ", "85701", "", "", "", "", ""],
]

PURCHASER_HEADER = ["purchaser_id", "last_name", "first_name", "middle_name", "dob", "sex",
                    "street", "city", "state", "zip"]
PURCHASERS = [
    ["P-1", "Testperson", "Alex", "", "1980-01-02", "M", "1 Oak St", "Fairfax", "VA", "22030"],
    ["P-2", "Sample", "Jordan", "Q", "1975-12-31", "F", "2 Pine St", "Austin", "TX", "78701"],
    ["P-3", "Example", "Casey", "", "1990-06-15", "U", "", "", "", ""],
]

TRANSFER_HEADER = ["serial_number", "manufacturer", "model", "caliber", "firearm_type",
                   "country_of_manufacture", "importer", "from_license", "to_license",
                   "to_purchaser_id", "transfer_date"]
GLOCK = ["AB-123", "Glock", "G19", "9mm Luger", "PI", "AT", ""]
SMITH = ["XY 999", "SMITH & WESSON INC", "M&P Shield", "9 MM", "pistol", "US", ""]
TRANSFERS = [
    [*GLOCK, MAKER, DISTRIBUTOR, "", "2023-01-05"],
    [*GLOCK, DISTRIBUTOR, DEALER_VA, "", "2023-01-20"],
    [*GLOCK, DEALER_VA, "", "P-1", "2023-02-14"],
    [*SMITH, MAKER, "5-74-12345", "", "01/10/2023"],
    [*SMITH, "5-74-12345", "", "P-2", "2023-03-01"],
]


class Files:
    """Writes small fixture files under the test's tmp_path."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def csv(
        self,
        name: str,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        delimiter: str = ",",
        encoding: str = "utf-8",
    ) -> Path:
        path = self.root / name
        with path.open("w", newline="", encoding=encoding) as fh:
            quoting = csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE
            out = csv.writer(fh, delimiter=delimiter, quoting=quoting, lineterminator="\n",
                             escapechar="\\" if delimiter != "," else None)
            out.writerow(header)
            out.writerows(rows)
        return path

    def text(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path


@dataclass
class Registry:
    """Runs imports against the test database and reads back what was stored."""

    factory: sessionmaker[Session]
    engine: Engine
    files: Files
    settings: Settings

    def run(self, kind: str, path: Path, **kwargs: Any) -> ImportReport:
        return import_file(self.factory, kind, path, actor=SYSTEM,
                           settings=kwargs.pop("settings", self.settings), **kwargs)

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def load_licensees(self, rows: Sequence[Sequence[str]] = LICENSEES) -> ImportReport:
        path = self.files.csv("licensees.tsv", LIC_HEADER, rows, delimiter="\t")
        report = self.run("licensees", path)
        assert report.status == "stored", report.errors
        return report

    def load_purchasers(self) -> ImportReport:
        report = self.run("purchasers", self.files.csv("purchasers.csv", PURCHASER_HEADER,
                                                       PURCHASERS))
        assert report.status == "stored", report.errors
        return report

    def transfers(
        self, rows: Sequence[Sequence[str]] = TRANSFERS, name: str = "transfers.csv"
    ) -> Path:
        return self.files.csv(name, TRANSFER_HEADER, rows)
