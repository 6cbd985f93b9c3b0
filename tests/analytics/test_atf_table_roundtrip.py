"""ATF's published table for one year, turned into registry records and trace requests, run
through import, tracing and reporting, comes back cell for cell.

Year 2010 (the smallest year of the table, 145,604 traces). By default the test takes the 16
recovery states with the fewest traces that year (3,818 traces from every source
state), so that it runs in the suite on both databases; ``ARMSFLOW_ATF_FULL_YEAR=1`` runs
the whole year (several minutes)."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from armsflow.analytics import national
from armsflow.analytics.engines import DuckDBEngine
from armsflow.analytics.export import export_parquet
from armsflow.analytics.reports import Filters, run_report
from armsflow.audit.service import SYSTEM
from armsflow.auth.models import Agency
from armsflow.db.session import unit_of_work
from armsflow.imports.service import import_file
from armsflow.simulate import SimConfig, simulate
from armsflow.simulate.reference import ATF_TABLE
from armsflow.tracing import service
from armsflow.tracing.bulk import read_file
from armsflow.tracing.worker import RunOptions, run_loop
from armsflow.vocab import us_state_code

YEAR = 2010
STATES = None if os.environ.get("ARMSFLOW_ATF_FULL_YEAR") == "1" else 16

REQUEST_COLUMNS = [
    "request_ref", "request_date", "agency_ori", "agency_case_number", "priority",
    "urgent_reason", "offense_code", "recovery_date", "recovery_country", "recovery_state",
    "recovery_city", "serial_number", "serial_obliterated", "manufacturer", "model", "caliber",
    "firearm_type", "country_of_manufacture", "importer", "item_kind", "possessor_last_name",
    "possessor_first_name", "possessor_dob"]


def atf_cells() -> dict[tuple[str, str], int]:
    """(source, recovery) -> n for YEAR, restricted to the smallest recovery states."""
    cells: dict[tuple[str, str], int] = {}
    with ATF_TABLE.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if int(r["year"]) == YEAR and int(r["n"]) > 0:
                key = (us_state_code(r["source_state"]), us_state_code(r["recovery_state"]))
                cells[key] = cells.get(key, 0) + int(r["n"])
    totals: dict[str, int] = defaultdict(int)
    for (_s, rec), n in cells.items():
        totals[rec] += n
    keep = sorted(totals, key=lambda s: (totals[s], s))[:STATES] if STATES else list(totals)
    return {k: n for k, n in cells.items() if k[1] in keep}


def _ffl(r: dict[str, str]) -> str:
    return "-".join(r[c] for c in ("LIC_REGN", "LIC_DIST", "LIC_CNTY", "LIC_TYPE",
                                   "LIC_XPRDTE", "LIC_SEQN"))


def write_world(cells: dict[tuple[str, str], int], folder: Path, licensees: Path,
                agencies: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Registry files and trace requests for ``cells``; licensees and agencies (valid FFL
    numbers and ORIs) come from a small simulated world."""
    with licensees.open(encoding="utf-8") as fh:
        lic = list(csv.DictReader(fh))
    dealers: dict[str, dict[str, str]] = {}
    for r in lic:
        if r["LIC_TYPE"] == "01" and r["STATUS"] == "active" and r["RECORDS_ON_FILE"] == "Y":
            dealers.setdefault(r["PREMISE_STATE"], r)
    maker = next(r for r in lic if r["LIC_TYPE"] == "07" and r["STATUS"] == "active")
    with agencies.open(encoding="utf-8") as fh:
        agency_rows = [r for r in csv.DictReader(fh) if r["country"] == "US"]
    by_state = {}
    for r in agency_rows:
        by_state.setdefault(r["state"], r)
    with (folder / "licensees.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(lic[0]))
        w.writeheader()
        w.writerows([maker, *dealers.values()])
    sources = sorted({s for s, _ in cells})
    with (folder / "purchasers.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["purchaser_id", "last_name", "first_name", "dob", "state"])
        w.writerows([[f"P-{s}", "Synthetic", f"Buyer {s}", "1970-01-01", s] for s in sources])
    requests = []
    with (folder / "transfers.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["serial_number", "manufacturer", "model", "caliber", "firearm_type",
                    "country_of_manufacture", "importer", "from_license", "to_license",
                    "to_purchaser_id", "transfer_date"])
        i = 0
        for (src, rec), n in sorted(cells.items()):
            for _ in range(n):
                i += 1
                serial = f"ATF{i:07d}"
                gun = [serial, "Smith & Wesson", "M&P9", "9mm", "PI", "US", ""]
                w.writerow([*gun, _ffl(maker), _ffl(dealers[src]), "", "2005-01-03"])
                w.writerow([*gun, _ffl(dealers[src]), "", f"P-{src}", "2006-02-01"])
                requests.append({
                    "request_ref": f"ATF-{i:07d}", "request_date": f"{YEAR}-07-01",
                    "agency_ori": by_state[rec]["ori"], "priority": "routine",
                    "recovery_date": f"{YEAR}-06-15", "recovery_country": "US",
                    "recovery_state": rec, "serial_number": serial, "serial_obliterated": "N",
                    "manufacturer": "Smith & Wesson", "model": "M&P9", "caliber": "9mm",
                    "firearm_type": "PI", "country_of_manufacture": "US", "importer": "",
                    "item_kind": "firearm"})
    with (folder / "trace_requests.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=REQUEST_COLUMNS, restval="")
        w.writeheader()
        w.writerows(requests)
    return agency_rows, {rec: by_state[rec]["ori"] for _s, rec in cells}


@pytest.fixture(scope="module")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("licensees")
    simulate(SimConfig(firearms=2_000, seed=3), out)
    return out


def test_atf_table_comes_back_cell_for_cell(
    session_factory: sessionmaker[Session], small_world: Path, tmp_path: Path
) -> None:
    cells = atf_cells()
    assert sum(cells.values()) > 3_000 and len({s for s, _ in cells}) > 40
    agencies, _oris = write_world(cells, tmp_path, small_world / "licensees.csv",
                                  small_world / "agencies.csv")
    for kind in ("licensees", "purchasers", "transfers"):
        report = import_file(session_factory, kind, tmp_path / f"{kind}.csv", actor=SYSTEM)
        assert report.rows_rejected == 0, (kind, report.errors[:3])
    with unit_of_work(session_factory) as db:
        db.add_all(Agency(ori=r["ori"], name=r["name"], kind=r["kind"], country="US",
                          state=r["state"]) for r in agencies)
    parsed = read_file(tmp_path / "trace_requests.csv")
    assert not parsed.errors, parsed.errors[:3]
    with unit_of_work(session_factory) as db:
        submitted = service.submit(db, parsed.drafts, actor="test")
    assert submitted.ok and submitted.stored == sum(cells.values())
    run_loop(session_factory, RunOptions(batch=1000))
    with unit_of_work(session_factory) as db:
        national.import_table(db, ATF_TABLE)
    export_parquet(session_factory, tmp_path / "export")
    engine = DuckDBEngine(tmp_path / "export")

    table = run_report("source-states", Filters.of(years=[YEAR]), engine)
    got = {(r["source_state"], r["recovery_state"]): r["n"] for r in table.to_pylist()}
    assert got == cells

    states = sorted({rec for _s, rec in cells})
    side = run_report("national-comparison", Filters.of(years=[YEAR], states=states), engine)
    rows = side.to_pylist()
    assert rows and all(r["local_n"] == r["national_n"] for r in rows if r["national_n"])
    assert all(r["local_share"] == r["national_share"] for r in rows if r["national_n"])
