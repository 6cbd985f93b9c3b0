"""Licensees: the ATF list layout, renewals, and the reduced Virginia list."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import LIC_HEADER, LICENSEES, Registry

VIRGINIA = Path(__file__).resolve().parents[3] / "shared/data/atf/ffl_list_virginia_2025-01.csv"


def test_atf_layout_segments_keys_and_names(registry: Registry) -> None:
    report = registry.load_licensees()
    assert (report.rows_total, report.rows_stored) == (6, 6)
    assert "6 licensees added, 0 updated (changed expiry, name, address or status)" in (
        report.notes)
    assert any(n.startswith("no STATUS") for n in report.notes)
    row = registry.rows(
        "SELECT license_key, ffl, region, district, county, license_type, expiry, sequence, "
        "business_name, name_key, premise_zip, mail_city, status FROM licensees "
        "WHERE license_key = '5-74-12345'")[0]
    assert tuple(row) == ("5-74-12345", "5-74-029-01-5A-12345", "5", "74", "029", "01", "5A",
                          "12345", "LONE STAR GUNS", "DOE JANE", "78201-1234", "SAN ANTONIO",
                          "active")
    none = registry.rows("SELECT business_name FROM licensees WHERE license_key = '1-54-00100'")
    assert none == [(None,)]


def test_pipe_layout_with_status_and_records_columns(registry: Registry) -> None:
    header = [*LIC_HEADER, "STATUS", "RECORDS_ON_FILE"]
    rows = [[*r, "out of business" if i == 0 else "", "N" if i == 0 else ""]
            for i, r in enumerate(LICENSEES)]
    path = registry.files.csv("list.txt", [h.lower() for h in header], rows, delimiter="|")
    report = registry.run("licensees", path)
    assert report.status == "stored", report.errors
    found = registry.rows("SELECT license_key, status, records_on_file FROM licensees "
                          "ORDER BY license_key")
    assert (found[-1][0], found[-1][1], bool(found[-1][2])) == ("9-86-12347", "active", True)
    maker = next(r for r in found if r[0] == "5-74-00042")
    assert (maker[1], bool(maker[2])) == ("out_of_business", False)


def test_segment_and_district_errors(registry: Registry) -> None:
    rows = [list(r) for r in LICENSEES]
    rows[0][1] = "54"  # a Southeast district under region 5
    rows[1][10] = "TX"  # district 86 is Arizona
    rows[2][4] = "5I"  # no month letter I
    rows[3][3] = "4"  # no licence type 04
    report = registry.run("licensees", registry.files.csv("l.tsv", LIC_HEADER, rows,
                                                         delimiter="\t"))
    errors = {(e.row, e.column): e.reason for e in report.errors}
    assert errors[(2, "lic_dist")].startswith("lic_dist 54: district 54 does not belong to "
                                              "region 5")
    assert errors[(3, "lic_dist")] == "lic_dist 86: district 86 covers AZ, but premise_state is TX"
    assert errors[(4, "lic_xprdte")].startswith("lic_xprdte 5I: not a year digit")
    assert errors[(5, "lic_type")].startswith("lic_type 4: not a licence type")
    assert report.rows_rejected == 4 and registry.count("licensees") == 0


def test_new_month_updates_by_rds_key_and_is_idempotent(registry: Registry) -> None:
    registry.load_licensees()
    same = registry.run("licensees", registry.files.root / "licensees.tsv")
    assert same.status == "unchanged" and same.rows_unchanged == 6
    month = [list(r) for r in LICENSEES]
    month[3][4] = "6A"
    month[5][11] = "85702"
    report = registry.load_licensees(month)
    assert (report.rows_stored, report.rows_unchanged) == (2, 4)
    assert "0 licensees added, 2 updated (changed expiry, name, address or status)" in (
        report.notes)
    assert registry.count("licensees") == 6
    assert registry.rows("SELECT expiry FROM licensees WHERE license_key = '5-74-12345'") == [
        ("6A",)]


def test_conflicting_duplicate_licence_in_one_list(registry: Registry) -> None:
    rows = [*LICENSEES, [*LICENSEES[0][:6], "SOMEONE ELSE", *LICENSEES[0][7:]]]
    report = registry.run("licensees", registry.files.csv("l.tsv", LIC_HEADER, rows,
                                                         delimiter="\t"))
    [error] = report.errors
    assert error.row == 8 and "licence 5-74-00042 is on an earlier row" in error.reason


def test_reduced_layout_without_state(registry: Registry) -> None:
    header = ["type", "county_code", "license_name", "business_name", "premise_street",
              "premise_city", "premise_zip_code", "business_type"]
    rows = [["1", "107", "Cold Hands Llc", "No Business Name Provided", "1 Laughter Dr",
             "Aldie", "20105", "Residential"],
            ["7", "59", "Example Arms", "Example", "2 Shop St", "Springfield", "22150",
             "Business"]]
    path = registry.files.csv("va.csv", header, rows)
    report = registry.run("licensees", path)
    assert report.status == "stored", report.errors
    found = registry.rows("SELECT license_key, ffl, region, license_type, county, "
                          "premise_state, business_name, business_type FROM licensees "
                          "ORDER BY license_type")
    assert [r[1:] for r in found] == [
        (None, None, "01", "107", None, None, "Residential"),
        (None, None, "07", "059", None, "Example", "Business"),
    ]
    assert all(r[0].startswith("X-") and len(r[0]) == 12 for r in found)
    assert registry.run("licensees", path).status == "unchanged"


@pytest.mark.skipif(not VIRGINIA.exists(), reason="shared Virginia FFL list not present")
def test_virginia_list(registry: Registry) -> None:
    report = registry.run("licensees", VIRGINIA)
    assert report.status == "stored", report.errors[:5]
    assert (report.rows_total, report.rows_stored) == (2015, 2015)
    assert registry.count("licensees") == 2015
    notes = " | ".join(report.notes)
    assert ("no LIC_REGN, LIC_DIST, LIC_XPRDTE, LIC_SEQN: full license numbers unknown; "
            "these licensees cannot be matched to transfers by license number") in notes
    assert "no PREMISE_STATE: premise_state left empty" in notes
    assert registry.rows("SELECT COUNT(*) FROM licensees WHERE premise_state IS NOT NULL "
                         "OR region IS NOT NULL OR expiry IS NOT NULL OR ffl IS NOT NULL") == [
        (0,)]
    types = registry.rows("SELECT license_type, COUNT(*) FROM licensees GROUP BY license_type "
                          "ORDER BY license_type")
    assert dict(types) == {"01": 1263, "02": 145, "06": 34, "07": 465, "08": 56, "09": 18,
                           "10": 13, "11": 21}
    assert registry.rows("SELECT COUNT(*) FROM licensees WHERE business_name IS NULL") == [
        (955,)]
    again = registry.run("licensees", VIRGINIA, default_state="Virginia")
    assert (again.rows_stored, again.rows_unchanged) == (2015, 0)
    assert "no PREMISE_STATE: premise_state set to VA as given (--state)" in again.notes
    assert registry.rows("SELECT DISTINCT premise_state FROM licensees") == [("VA",)]
    assert registry.run("licensees", VIRGINIA, default_state="VA").status == "unchanged"
