"""Loading licensed export records (the simulator's ``exports`` layout, docs/simulator.md)
so that a diverted export can be traced to its licence. Read with the importer's reader
and cell parsers; stored set-wise, idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from armsflow.db import dialect
from armsflow.imports.base import header_key
from armsflow.imports.cells import ColumnParser, code_of, parse_date, text_of
from armsflow.imports.source import open_table, scan_file
from armsflow.tracing.intake import RowError
from armsflow.tracing.models import ExportRecord
from armsflow.types.serial import normalize_serial
from armsflow.vocab.firearms import normalize_manufacturer
from armsflow.vocab.places import country_code

COLUMNS: dict[str, tuple[Any, bool]] = {
    "export_license": (code_of(20), False),
    "exporter_license": (code_of(20), True),
    "exporter_name": (text_of(200), True),
    "destination_country": (country_code, False),
    "end_user": (text_of(200), True),
    "ship_date": (parse_date, True),
    "serial_number": (normalize_serial, False),
    "manufacturer": (lambda t: normalize_manufacturer(t).key, False),
}


def load_exports(db: Session, path: Path) -> tuple[int, list[RowError]]:
    """Store the file's export records (all or none); (rows read, errors)."""
    table = open_table(path, scan_file(path), None)
    keys = [header_key(h) for h in table.header]
    wanted = {k: i for i, k in enumerate(keys) if k in COLUMNS}
    missing = [c for c, (_p, nullable) in COLUMNS.items() if c not in wanted and not nullable]
    if missing:
        table.close()
        return 0, [RowError(1, missing[0], "missing required columns: " + ", ".join(missing))]
    parsers = {n: ColumnParser(n, p, nullable) for n, (p, nullable) in COLUMNS.items()
               if n in wanted}
    rows: list[dict[str, Any]] = []
    errors: list[RowError] = []
    for chunk in table.chunks(wanted, 50_000):
        values = {}
        for name, parser in parsers.items():
            values[name], bad = parser.parse_all(chunk.columns[name])
            errors.extend(RowError(chunk.rows[i], name, why) for i, why in bad)
        for i in range(len(chunk.rows)):
            v = {n: values[n][i] for n in parsers}
            rows.append({"export_license": v["export_license"],
                         "exporter_license": v.get("exporter_license"),
                         "exporter_name": v.get("exporter_name"),
                         "destination_country": v["destination_country"],
                         "end_user": v.get("end_user"), "ship_date": v.get("ship_date"),
                         "maker_key": v["manufacturer"], "serial_norm": v["serial_number"]})
    table.close()
    if errors:
        return len(rows), errors
    if rows:
        db.execute(dialect.insert_ignore(db.connection(), ExportRecord.__table__), rows)  # type: ignore[arg-type]
    return len(rows), []
