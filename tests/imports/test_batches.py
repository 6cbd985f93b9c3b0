"""Every import leaves an ImportBatch row and an audit event, rejected ones included."""

from __future__ import annotations

import hashlib
import json

import pytest
from import_fixtures import TRANSFER_HEADER, TRANSFERS, Registry

from armsflow.errors import InvalidInput


def test_stored_and_rejected_batches_are_recorded(loaded: Registry) -> None:
    good = loaded.transfers()
    stored = loaded.run("transfers", good, filename="chain.csv")
    rows = [list(r) for r in TRANSFERS]
    rows[0][7] = "9-99-12345"
    rejected = loaded.run("transfers", loaded.transfers(rows, "bad.csv"))
    batches = loaded.rows(
        "SELECT id, kind, filename, sha256, format_version, status, rows_total, rows_stored, "
        "rows_rejected, rows_unchanged, errors_json, username, finished_at FROM import_batches "
        "WHERE kind = 'transfers' ORDER BY id")
    assert [b[0] for b in batches] == [stored.batch_id, rejected.batch_id]
    first, second = batches
    assert first[1:10] == ("transfers", "chain.csv", hashlib.sha256(good.read_bytes())
                           .hexdigest(), "1.0", "stored", 5, 5, 0, 0)
    assert first[10] is None and first[11] == "system" and first[12] is not None
    assert second[5:10] == ("rejected", 5, 0, 1, 0)
    assert json.loads(second[10]) == [{
        "row": 2, "column": "from_license", "value": "9-99-12345",
        "reason": "from_license 9-99-12345: no licensee with this RDS key in the registry; "
                  "import the licensee list first"}]
    events = loaded.rows("SELECT action, object_type, object_id, detail FROM audit_events "
                         "WHERE object_type = 'import_batch' ORDER BY id")
    assert [(e[0], e[1]) for e in events][-2:] == [("import", "import_batch")] * 2
    assert events[-1][2] == str(rejected.batch_id)
    assert json.loads(events[-1][3])["status"] == "rejected"
    assert loaded.count("transfers") == 5


def test_empty_and_unreadable_files(registry: Registry) -> None:
    empty = registry.run("transfers", registry.files.text("empty.csv", ""))
    assert empty.status == "rejected"
    assert [(e.row, e.reason) for e in empty.errors] == [(1, "the file is empty: no header line")]
    parquet = registry.run("transfers", registry.files.text("x.parquet", b"PAR1garbage"))
    assert parquet.status == "rejected" and parquet.errors[0].row == 1
    assert parquet.errors[0].reason.startswith("not a readable Parquet file")


def test_ragged_rows_are_row_errors(loaded: Registry) -> None:
    lines = [TRANSFER_HEADER, TRANSFERS[0], [], TRANSFERS[1][:5], TRANSFERS[2]]
    text = "\n".join(",".join(line) for line in lines) + "\n"
    report = loaded.run("transfers", loaded.files.text("ragged.csv", text))
    assert [(e.row, e.reason) for e in report.errors] == [(4, "row 4: 5 fields; the header has 11")]
    assert report.rows_total == 3 and report.rows_rejected == 1


def test_bad_arguments_raise(registry: Registry) -> None:
    path = registry.files.text("l.csv", "type\n1\n")
    with pytest.raises(InvalidInput, match="unknown import kind"):
        registry.run("guns", path)
    with pytest.raises(InvalidInput, match="--state"):
        registry.run("licensees", path, default_state="Atlantis")
