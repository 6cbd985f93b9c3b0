"""Purchasers, multiple sales, thefts, imports and NFA registrations."""

from __future__ import annotations

from import_fixtures import (
    DEALER_AZ,
    DEALER_TX,
    DEALER_VA,
    GLOCK,
    IMPORTER,
    MAKER,
    PURCHASER_HEADER,
    PURCHASERS,
    Registry,
)

FIREARM = ["serial_number", "manufacturer", "model", "caliber", "firearm_type"]


def reasons(report: object) -> dict[tuple[int, str | None], str]:
    return {(e.row, e.column): e.reason for e in report.errors}  # type: ignore[attr-defined]


def test_purchasers_store_and_validate(registry: Registry) -> None:
    report = registry.load_purchasers()
    assert report.rows_stored == 3
    row = registry.rows("SELECT purchaser_ref, name_key, dob, sex, state, zip FROM purchasers "
                        "WHERE purchaser_ref = 'P-2'")[0]
    assert (row[0], row[1], str(row[2]), row[3], row[4], row[5]) == (
        "P-2", "SAMPLE JORDAN Q", "1975-12-31", "F", "TX", "78701")
    bad = [["P-9", "Later", "Kim", "", "2999-01-01", "X", "", "", "Atlantis", ""],
           ["P-10", "", "Lee", "", "1899-12-31", "M", "", "", "Texas", "1234"],
           ["P-1", "Testperson", "Alexander", "", "1980-01-02", "M", "", "", "VA", ""]]
    report = registry.run("purchasers", registry.files.csv("p.csv", PURCHASER_HEADER, bad))
    errors = reasons(report)
    assert errors[(2, "dob")] == "dob 2999-01-01: in the future"
    assert errors[(2, "sex")] == "sex X: not one of F, M, U"
    assert errors[(2, "state")].startswith("state Atlantis: 'Atlantis' is not a US state")
    assert errors[(3, "last_name")] == "last_name: empty"
    assert errors[(3, "dob")] == "dob 1899-12-31: before 1900"
    assert errors[(3, "zip")].startswith("zip 1234: not a ZIP code")
    assert errors[(4, "purchaser_id")].startswith("purchaser_id P-1: already in the registry "
                                                  "with different details")
    assert registry.count("purchasers") == 3
    same = registry.run("purchasers", registry.files.csv("same.csv", PURCHASER_HEADER,
                                                         [*PURCHASERS, PURCHASERS[0]]))
    assert same.status == "unchanged" and same.rows_unchanged == 4


SALE_HEADER = ["report_ref", "form", "license", "purchaser_id", "sale_date", *FIREARM]


def test_multiple_sales(loaded: Registry) -> None:
    rows = [["MS-1", "3310.4", DEALER_VA, "P-1", "2023-05-01", "H1", "Glock", "G19", "9mm",
             "PI"],
            ["MS-1", "3310.4", DEALER_VA, "P-1", "2023-05-01", "H2", "Glock", "G26", "9mm",
             "PI"],
            ["MS-2", "3310.12", DEALER_TX, "P-2", "2023-05-02", "R1", "Colt", "AR-15",
             "5.56", "RI"]]
    path = loaded.files.csv("ms.csv", SALE_HEADER, rows)
    report = loaded.run("multiple-sales", path)
    assert report.status == "stored", report.errors
    assert loaded.count("multiple_sales") == 3 and loaded.count("firearms") == 3
    assert loaded.run("multiple-sales", path).status == "unchanged"
    bad = [["MS-3", "3310.12", DEALER_VA, "P-1", "2023-05-03", "R2", "Colt", "AR-15", "5.56",
            "RI"],
           ["MS-4", "3310.4", DEALER_AZ, "P-3", "2023-05-03", "R3", "Colt", "AR-15", "5.56",
            "RI"],
           ["MS-4", "3310.4", DEALER_TX, "P-3", "2023-05-03", "H3", "Glock", "G19", "9mm",
            "PI"]]
    errors = reasons(loaded.run("multiple-sales", loaded.files.csv("b.csv", SALE_HEADER, bad)))
    assert errors[(2, "form")] == ("form 3310.12: Form 3310.12 is filed only by dealers in AZ, "
                                   "CA, NM and TX; this dealer's premises are in VA")
    assert errors[(3, "firearm_type")].startswith("firearm_type RI: Form 3310.4 reports "
                                                  "handguns")
    assert errors[(4, "report_ref")].startswith("report_ref MS-4: an earlier row of this "
                                                "report names another")


THEFT_HEADER = ["report_ref", "kind", "license", "incident_date", "report_date", "city",
                "state", *FIREARM]


def test_thefts_from_licensees_and_private(loaded: Registry) -> None:
    rows = [["T-1", "theft", DEALER_VA, "2023-06-01", "2023-06-02", "Fairfax", "VA", "S1",
             "Ruger", "LCP", ".380", "PI"],
            ["T-2", "loss", "", "2023-06-03", "", "Austin", "Texas", "S2", "Ruger", "10/22",
             "22LR", "rifle"]]
    report = loaded.run("thefts", loaded.files.csv("t.csv", THEFT_HEADER, rows))
    assert report.status == "stored", report.errors
    found = loaded.rows("SELECT report_ref, kind, licensee_id IS NULL, state FROM thefts "
                        "ORDER BY report_ref")
    assert [(r[0], r[1], bool(r[2]), r[3]) for r in found] == [
        ("T-1", "theft", False, "VA"), ("T-2", "loss", True, "TX")]
    bad = [["T-3", "robbery", "", "2023-06-05", "2023-06-04", "", "", "S3", "Ruger", "LCP",
            ".380", "PI"]]
    errors = reasons(loaded.run("thefts", loaded.files.csv("b.csv", THEFT_HEADER, bad)))
    assert errors[(2, "kind")] == "kind robbery: not one of loss, theft"


IMPORT_HEADER = ["importer_license", *FIREARM, "country_of_manufacture", "import_date",
                 "permit_number"]


def test_imports_need_an_importer_and_a_foreign_gun(loaded: Registry) -> None:
    rows = [[IMPORTER, "C1", "CZ", "75", "9mm", "PI", "CZ", "2022-11-30", "22-12345"]]
    report = loaded.run("imports", loaded.files.csv("i.csv", IMPORT_HEADER, rows))
    assert report.status == "stored", report.errors
    assert loaded.rows("SELECT country_of_manufacture, permit_number FROM import_records") == [
        ("CZ", "22-12345")]
    bad = [[MAKER, "C2", "CZ", "75", "9mm", "PI", "Czechia", "2022-11-30", ""],
           [IMPORTER, "C3", "Colt", "1911", ".45", "PI", "USA", "2022-11-30", ""],
           [IMPORTER, "C4", "CZ", "75", "9mm", "PI", "", "2022-11-30", ""]]
    errors = reasons(loaded.run("imports", loaded.files.csv("b.csv", IMPORT_HEADER, bad)))
    assert errors[(2, "importer_license")] == (
        "importer_license 5-74-00042: this licensee holds licence type 07; imports are "
        "recorded by importers (licence type 08 or 11)")
    assert errors[(3, "country_of_manufacture")].startswith("country_of_manufacture USA: "
                                                            "made in the US")
    assert errors[(4, "country_of_manufacture")].startswith("country_of_manufacture: empty")


NFA_HEADER = ["control_number", "nfa_class", *FIREARM, "registrant_license",
              "registrant_purchaser_id", "registration_date"]


def test_nfa_registrations(loaded: Registry) -> None:
    rows = [["NFA-1", "silencer", "V1", "SilencerCo", "Omega", ".30", "V", "", "P-2",
             "2021-06-01"],
            ["NFA-2", "machine gun", "M1", "Colt", "M16", "5.56", "M", MAKER, "",
             "2021-06-02"]]
    path = loaded.files.csv("n.csv", NFA_HEADER, rows)
    report = loaded.run("nfa", path)
    assert report.status == "stored", report.errors
    assert loaded.rows("SELECT control_number, nfa_class FROM nfa_registrations ORDER BY 1") == [
        ("NFA-1", "silencer"), ("NFA-2", "machine_gun")]
    bad = [["NFA-1", "silencer", "V9", "SilencerCo", "Omega", ".30", "V", "", "P-2",
            "2021-06-01"],
           ["NFA-3", "silencer", "V3", "SilencerCo", "Omega", ".30", "V", MAKER, "P-2",
            "2021-06-01"]]
    errors = reasons(loaded.run("nfa", loaded.files.csv("b.csv", NFA_HEADER, bad)))
    assert errors[(2, "control_number")] == ("control_number NFA-1: already registered to "
                                             "another firearm in the registry")
    assert errors[(3, None)].startswith("registrant_license and registrant_purchaser_id: "
                                        "give exactly one")
    header = [h for h in NFA_HEADER if not h.startswith("registrant")]
    missing = loaded.run("nfa", loaded.files.csv("m.csv", header, [rows[0][:7] + rows[0][9:]]))
    assert missing.errors[0].reason == ("missing required columns: registrant_license or "
                                        "registrant_purchaser_id")


def test_kinds_share_one_firearm(loaded: Registry) -> None:
    """A gun reported stolen, then traced through transfers, is one firearm row."""
    theft = [["T-9", "theft", "", "2023-06-01", "", "", "", GLOCK[0], "GLOCK GmbH", "G19",
              "9x19", "PI"]]
    assert loaded.run("thefts", loaded.files.csv("t.csv", THEFT_HEADER, theft)).status == (
        "stored")
    from import_fixtures import TRANSFERS

    assert loaded.run("transfers", loaded.transfers(TRANSFERS[:3])).status == "stored"
    assert loaded.count("firearms") == 1
