"""A simulated world loaded into a database and traced: shared by the ground-truth test
and the benchmark (imported as ``world`` from tests/tracing)."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM
from armsflow.auth.models import Agency
from armsflow.db.session import unit_of_work
from armsflow.imports.service import import_file
from armsflow.simulate import REGISTRY_ORDER
from armsflow.tracing import service
from armsflow.tracing.bulk import read_file
from armsflow.tracing.exports import load_exports


def load_world(factory: sessionmaker[Session], out: Path) -> None:
    """Registry files through the importer, agencies, export records."""
    for kind in REGISTRY_ORDER:
        report = import_file(factory, kind, next(out.glob(f"{kind}.*")), actor=SYSTEM)
        assert report.rows_rejected == 0, (kind, report.errors[:3])
    with unit_of_work(factory) as db, (out / "agencies.csv").open(encoding="utf-8") as fh:
        db.add_all(Agency(ori=r["ori"], name=r["name"], kind=r["kind"], country=r["country"],
                          state=r["state"] or None) for r in csv.DictReader(fh))
    with unit_of_work(factory) as db:
        _rows, errors = load_exports(db, out / "exports.csv")
        assert not errors, errors[:3]


def submit_requests(factory: sessionmaker[Session], out: Path) -> service.SubmitReport:
    parsed = read_file(out / "trace_requests.csv")
    assert not parsed.errors, parsed.errors[:5]
    with unit_of_work(factory) as db:
        report = service.submit(db, parsed.drafts, actor="test", errors=parsed.errors)
    assert report.ok, report.errors[:5]
    return report
