"""Transfers: the happy path, row errors, idempotency, overlap, renewals, formats."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
from import_fixtures import (
    DEALER_VA,
    DISTRIBUTOR,
    GLOCK,
    MAKER,
    SMITH,
    TRANSFER_HEADER,
    TRANSFERS,
    Registry,
)

from armsflow.settings import Settings


def test_happy_path_stores_firearms_makers_and_chain(loaded: Registry) -> None:
    report = loaded.run("transfers", loaded.transfers())
    assert report.status == "stored", report.errors
    assert (report.rows_total, report.rows_stored, report.rows_unchanged) == (5, 5, 0)
    assert report.errors == [] and report.rows_rejected == 0
    assert "2 new firearms, 2 new manufacturers" in report.notes
    guns = loaded.rows("SELECT f.serial_raw, f.serial_norm, m.key, m.known, f.caliber, "
                       "f.ncic_type, f.country_of_manufacture FROM firearms f JOIN "
                       "manufacturers m ON m.id = f.manufacturer_id ORDER BY f.serial_norm")
    assert [(*g[:3], bool(g[3]), *g[4:]) for g in guns] == [
        ("AB-123", "AB123", "GLOCK", True, "9mm", "PI", "AT"),
        ("XY 999", "XY999", "SMITH AND WESSON", True, "9mm", "P", "US"),
    ]
    chain = loaded.rows(
        "SELECT lf.license_key, lt.license_key, p.purchaser_ref, t.transfer_date, t.event_key "
        "FROM transfers t JOIN firearms f ON f.id = t.firearm_id "
        "JOIN licensees lf ON lf.id = t.from_licensee_id "
        "LEFT JOIN licensees lt ON lt.id = t.to_licensee_id "
        "LEFT JOIN purchasers p ON p.id = t.to_purchaser_id "
        "WHERE f.serial_norm = 'AB123' ORDER BY t.transfer_date")
    assert [(r[0], r[1], r[2], str(r[3])) for r in chain] == [
        ("5-74-00042", "1-54-00100", None, "2023-01-05"),
        ("1-54-00100", "1-54-12346", None, "2023-01-20"),
        ("1-54-12346", None, "P-1", "2023-02-14"),
    ]
    assert chain[2][4] == "1-54-12346||P-1|2023-02-14"
    batch = loaded.rows("SELECT DISTINCT batch_id FROM transfers")
    assert batch == [(report.batch_id,)]


def test_same_file_twice_changes_nothing(loaded: Registry) -> None:
    path = loaded.transfers()
    first = loaded.run("transfers", path)
    second = loaded.run("transfers", path)
    assert second.status == "unchanged"
    assert (second.rows_total, second.rows_stored, second.rows_unchanged) == (5, 0, 5)
    assert (f"this file (same SHA-256) was imported before as batch {first.batch_id}; its "
            "rows were checked again") in second.notes
    assert first.rows_stored == 5
    assert loaded.count("transfers") == 5 and loaded.count("firearms") == 2
    statuses = loaded.rows("SELECT status FROM import_batches WHERE kind = 'transfers' "
                           "ORDER BY id")
    assert [s[0] for s in statuses] == ["stored", "unchanged"]


def test_overlapping_file_adds_only_new_rows(loaded: Registry) -> None:
    loaded.run("transfers", loaded.transfers(TRANSFERS[:3], "part1.csv"))
    report = loaded.run("transfers", loaded.transfers(TRANSFERS[2:], "part2.csv"))
    assert report.status == "stored"
    assert (report.rows_total, report.rows_stored, report.rows_unchanged) == (3, 2, 1)
    assert loaded.count("transfers") == 5


def test_bad_row_rejects_the_whole_file(loaded: Registry) -> None:
    rows = [list(r) for r in TRANSFERS]
    rows[3][10] = "2023-02-30"
    report = loaded.run("transfers", loaded.transfers(rows))
    assert report.status == "rejected"
    assert report.rows_stored == 0 and report.rows_rejected == 1
    [error] = report.errors
    assert (error.row, error.column, error.value) == (5, "transfer_date", "2023-02-30")
    assert error.reason == "transfer_date 2023-02-30: not a valid date (YYYY-MM-DD)"
    assert loaded.count("transfers") == 0 and loaded.count("firearms") == 0
    assert loaded.count("manufacturers") == 0


def test_unknown_licensee_and_purchaser_are_reported_with_rows(loaded: Registry) -> None:
    rows = [list(r) for r in TRANSFERS]
    rows[1][8] = "5-74-54321"
    rows[4][9] = "P-404"
    report = loaded.run("transfers", loaded.transfers(rows))
    assert report.status == "rejected"
    found = {(e.row, e.column, e.reason) for e in report.errors}
    assert found == {
        (3, "to_license", "to_license 5-74-54321: no licensee with this RDS key in the "
         "registry; import the licensee list first"),
        (6, "to_purchaser_id", "to_purchaser_id P-404: no purchaser with this id in the "
         "registry; import the purchasers file first"),
    }
    assert report.rows_rejected == 2
    assert loaded.count("transfers") == 0 and loaded.count("firearms") == 0


def test_row_rules(loaded: Registry) -> None:
    rows = [
        [*GLOCK, MAKER, "", "", "2023-01-05"],
        [*GLOCK, MAKER, DISTRIBUTOR, "P-1", "2023-01-06"],
        ["NONE", "Glock", "G17", "9mm", "PI", "AT", "", MAKER, DISTRIBUTOR, "", "2023-01-07"],
        ["ZZ1", "Glock", "G17", "", "PI", "AT", "", MAKER, MAKER, "", "2030-01-01"],
    ]
    report = loaded.run("transfers", loaded.transfers(rows))
    reasons = {(e.row, e.column): e.reason for e in report.errors}
    assert reasons[(2, None)] == ("to_purchaser_id and to_license are both empty: a row goes "
                                  "to a licensee or to a purchaser")
    assert reasons[(3, "to_purchaser_id")].startswith("to_purchaser_id P-1: to_license is set")
    assert reasons[(4, "serial_number")].startswith("serial_number NONE: a placeholder")
    assert reasons[(5, "caliber")] == "caliber: empty"
    assert reasons[(5, "transfer_date")] == "transfer_date 2030-01-01: in the future"
    assert report.rows_rejected == 4


def test_first_transfer_must_leave_a_maker_or_importer(loaded: Registry) -> None:
    rows = [[*GLOCK, DISTRIBUTOR, DEALER_VA, "", "2023-01-20"],
            [*GLOCK, MAKER, DISTRIBUTOR, "", "2023-02-05"]]
    report = loaded.run("transfers", loaded.transfers(rows))
    [error] = report.errors
    assert (error.row, error.column, error.value) == (2, "from_license", "1-54-00100")
    assert "licence type 01" in error.reason and "07, 08, 10 or 11" in error.reason
    # once the registry holds the gun's chain, a later file may continue it
    assert loaded.run("transfers", loaded.transfers(TRANSFERS[:1], "a.csv")).status == "stored"
    later = [[*GLOCK, DEALER_VA, "", "P-3", "2024-05-01"]]
    assert loaded.run("transfers", loaded.transfers(later, "b.csv")).status == "stored"


def test_renewal_links_transfers_by_rds_key(loaded: Registry) -> None:
    """A licence renewed (new expiry code) keeps its RDS key: old and new numbers link."""
    from import_fixtures import LICENSEES

    renewed = [list(r) for r in LICENSEES]
    renewed[4][4] = "6C"  # the VA dealer renewed: expiry 2026 March
    renewed[4][8] = "7 ELM ST"
    report = loaded.load_licensees(renewed)
    assert report.rows_stored == 1 and report.rows_unchanged == 5
    assert any("1 updated" in n for n in report.notes)
    rows = [*TRANSFERS[:2], [*GLOCK, "1-54-059-01-6C-12346", "", "P-1", "2023-02-14"]]
    assert loaded.run("transfers", loaded.transfers(rows)).status == "stored"
    ffl = loaded.rows("SELECT l.ffl, l.premise_street, COUNT(t.id) FROM licensees l "
                      "JOIN transfers t ON t.from_licensee_id = l.id OR t.to_licensee_id = l.id "
                      "WHERE l.license_key = '1-54-12346' GROUP BY l.ffl, l.premise_street")
    assert [tuple(r) for r in ffl] == [("1-54-059-01-6C-12346", "7 ELM ST", 2)]
    assert loaded.count("licensees") == 6


def test_missing_columns_one_error_on_row_1(loaded: Registry) -> None:
    header = [h for h in TRANSFER_HEADER if h not in ("caliber", "transfer_date")]
    path = loaded.files.csv("t.csv", [*header, "remarks"], [["x"] * (len(header) + 1)])
    report = loaded.run("transfers", path)
    [error] = report.errors
    assert error.row == 1 and error.column is None
    assert error.reason.startswith("missing required columns: caliber, transfer_date")


def test_extra_columns_are_noted_and_header_case_is_free(loaded: Registry) -> None:
    header = [h.upper() for h in TRANSFER_HEADER] + ["Remarks"]
    path = loaded.files.csv("t.csv", header, [[*r, "seen"] for r in TRANSFERS],
                            delimiter="|")
    report = loaded.run("transfers", path)
    assert report.status == "stored", report.errors
    assert "columns ignored (not part of the format): Remarks" in report.notes


def test_latin1_and_bom_files(loaded: Registry) -> None:
    rows = [list(r) for r in TRANSFERS]
    for r in rows:
        r[2] = "Modèle Spécial"
    latin = loaded.files.csv("latin.csv", TRANSFER_HEADER, rows, encoding="latin-1")
    report = loaded.run("transfers", latin)
    assert report.status == "stored", report.errors
    assert "the file is not valid UTF-8; it was read as latin-1" in report.notes
    assert loaded.rows("SELECT DISTINCT model FROM firearms") == [("Modèle Spécial",)]
    bom = loaded.files.csv("bom.csv", TRANSFER_HEADER, TRANSFERS, encoding="utf-8-sig")
    assert loaded.run("transfers", bom).status == "unchanged"


def test_parquet(loaded: Registry) -> None:
    columns = list(zip(*TRANSFERS, strict=True))
    table = pa.table({name: list(col) for name, col in zip(TRANSFER_HEADER, columns,
                                                          strict=True)})
    path = loaded.files.root / "t.parquet"
    pq.write_table(table, path, row_group_size=2)
    report = loaded.run("transfers", path)
    assert report.status == "stored", report.errors
    assert report.rows_stored == 5
    bad = table.set_column(10, "transfer_date", pa.array(["2023-01-05"] * 4 + ["junk"]))
    pq.write_table(bad, path)
    report = loaded.run("transfers", path)
    assert [(e.row, e.column) for e in report.errors] == [(6, "transfer_date")]


def test_many_chunks_and_error_cap(loaded: Registry) -> None:
    """250 guns (750 rows, 8 chunks of 100) stream in; 40 bad rows report only 10."""
    rows = []
    for i in range(250):
        gun = [f"SN{i:05d}", "Ruger", "LCP", ".380", "PI", "US", ""]
        rows += [[*gun, MAKER, DISTRIBUTOR, "", "2022-01-01"],
                 [*gun, DISTRIBUTOR, DEALER_VA, "", "2022-02-01"],
                 [*gun, DEALER_VA, "", f"P-{1 + i % 3}", "2022-03-01"]]
    report = loaded.run("transfers", loaded.transfers(rows, "big.csv"))
    assert (report.status, report.rows_stored) == ("stored", 750), report.errors[:3]
    for i in range(0, 400, 10):
        rows[i + 1][3] = ""
    capped = Settings(data_dir=loaded.settings.data_dir, import_chunk_rows=100,
                      import_max_reported_errors=10)
    report = loaded.run("transfers", loaded.transfers(rows, "bad.csv"), settings=capped)
    assert report.status == "rejected" and report.rows_rejected == 40
    assert len(report.errors) == 10 and report.errors_truncated
    assert [e.row for e in report.errors] == list(range(3, 103, 10))
    assert loaded.count("transfers") == 750


def test_smith_rows_use_rds_key_and_us_date(loaded: Registry) -> None:
    report = loaded.run("transfers", loaded.transfers([r for r in TRANSFERS if r[0] == SMITH[0]]))
    assert report.status == "stored", report.errors
    dates = loaded.rows("SELECT transfer_date FROM transfers ORDER BY transfer_date")
    assert [str(d[0]) for d in dates] == ["2023-01-10", "2023-03-01"]
