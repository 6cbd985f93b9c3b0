"""Joint operations on the database: create or update one with its agencies, load its
tallies (all rows or none; re-loading the same file changes nothing), summarize, export.

Joint operations are aggregate figures about a public operation (no personal data): any
user who may read analytics may read them; changing them needs MANAGE_CASES or
MONITOR_COORDINATION (``armsflow.auth.policy``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from armsflow.audit.service import Actor, record
from armsflow.errors import InvalidInput, NotFound
from armsflow.operations import joint
from armsflow.operations.models import JointOperation, JointOperationAgency, JointOperationTally
from armsflow.operations.vocab import Metric

DELIVERANCE_FILE = Path(__file__).resolve().parent / "data" / "project_deliverance.csv"
DELIVERANCE = {
    "name": "Project Deliverance",
    "lead_agency": "DEA",
    "agencies": ["DEA", "Special Operations Division (interagency)",
                 "Federal, state and local agencies (more than 3,000 officers)"],
    "started_on": date(2008, 8, 1),
    "ended_on": date(2010, 6, 9),
    "description": "22-month multi-agency investigation of the transportation "
                   "infrastructure of Mexican transnational criminal organizations in the "
                   "United States; coordinated takedown on 9 June 2010 in 16 states.",
    "source": "Strategy to Combat Transnational Organized Crime (2011); DOMAIN.md §4",
}


@dataclass(frozen=True)
class LoadReport:
    operation_id: int
    stored: int
    changed: int
    unchanged: int


def upsert_operation(db: Session, *, actor: Actor, name: str, lead_agency: str,
                     agencies: Sequence[str] = (), started_on: date | None = None,
                     ended_on: date | None = None, description: str | None = None,
                     source: str | None = None) -> JointOperation:
    name = name.strip()
    if not name or not lead_agency.strip():
        raise InvalidInput("a joint operation needs a name and a lead agency", field="name")
    if started_on and ended_on and ended_on < started_on:
        raise InvalidInput("the operation cannot end before it starts", field="ended_on")
    op = db.scalar(select(JointOperation).where(JointOperation.name == name))
    if op is None:
        op = JointOperation(name=name, lead_agency=lead_agency.strip())
        db.add(op)
    op.lead_agency = lead_agency.strip()
    op.started_on = started_on or op.started_on
    op.ended_on = ended_on or op.ended_on
    op.description = description or op.description
    op.source = source or op.source
    db.flush()
    known = set(db.scalars(select(JointOperationAgency.name).where(
        JointOperationAgency.joint_operation_id == op.id)))
    for agency in dict.fromkeys([lead_agency.strip(), *(a.strip() for a in agencies)]):
        if agency and agency not in known:
            role = "lead" if agency == lead_agency.strip() else "participant"
            db.add(JointOperationAgency(joint_operation_id=op.id, name=agency, role=role))
            known.add(agency)
    record(db, actor=actor, action="joint_ops.upsert", object_type="joint_operation",
           object_id=op.id, detail={"name": name})
    db.flush()
    return op


def load_figures(db: Session, op: JointOperation, figures: Sequence[joint.Figure], *,
                 actor: Actor) -> LoadReport:
    """Store figures (a figure already on file with the same period, date, state, metric
    and drug is replaced by the new amount)."""
    t = JointOperationTally
    existing = {(r.period, r.on_date, r.state, r.metric, r.drug): r for r in db.scalars(
        select(t).where(t.joint_operation_id == op.id))}
    stored = changed = unchanged = 0
    for f in figures:
        row = existing.get((f.period, f.on_date, f.state, f.metric, f.drug))
        if row is None:
            db.add(t(joint_operation_id=op.id, period=f.period, on_date=f.on_date,
                     state=f.state, metric=f.metric, drug=f.drug, amount=f.amount))
            stored += 1
        elif row.amount != f.amount:
            row.amount, changed = f.amount, changed + 1
        else:
            unchanged += 1
    record(db, actor=actor, action="joint_ops.load", object_type="joint_operation",
           object_id=op.id, detail={"stored": stored, "changed": changed})
    db.flush()
    return LoadReport(op.id, stored, changed, unchanged)


def load_file(db: Session, op: JointOperation, path: Path, *, actor: Actor) -> LoadReport:
    figures, errors = joint.read_file(path)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InvalidInput(f"row {first.row}, {first.column}: {first.reason}{more}",
                           field=first.column)
    return load_figures(db, op, figures, actor=actor)


def load_project_deliverance(db: Session, *, actor: Actor) -> LoadReport:
    """The real, published tallies of Project Deliverance (demo and tests)."""
    op = upsert_operation(db, actor=actor, **DELIVERANCE)  # type: ignore[arg-type]
    return load_file(db, op, DELIVERANCE_FILE, actor=actor)


# ------------------------------------------------------------------------------ reads


def operations(db: Session) -> Sequence[JointOperation]:
    return db.scalars(select(JointOperation).order_by(JointOperation.started_on.desc(),
                                                      JointOperation.name)).all()


def get(db: Session, op_id: int) -> JointOperation:
    op = db.get(JointOperation, op_id)
    if op is None:
        raise NotFound(f"no joint operation {op_id}")
    return op


def by_name(db: Session, name: str) -> JointOperation:
    op = db.scalar(select(JointOperation).where(JointOperation.name == name.strip()))
    if op is None:
        raise NotFound(f"no joint operation named {name!r}")
    return op


def agencies(db: Session, op: JointOperation) -> list[str]:
    a = JointOperationAgency
    return list(db.scalars(select(a.name).where(a.joint_operation_id == op.id)
                           .order_by(a.role != "lead", a.id)))


def figures(db: Session, op: JointOperation) -> list[joint.Figure]:
    t = JointOperationTally
    rows = db.scalars(select(t).where(t.joint_operation_id == op.id)
                      .order_by(t.period, t.on_date, t.state, t.metric, t.drug))
    return [joint.Figure(r.period, r.on_date, r.state, r.metric, r.drug, r.amount)
            for r in rows]


def summary(db: Session, op: JointOperation) -> joint.Summary:
    return joint.summarize(figures(db, op))


# ------------------------------------------------------------------------------ export

EXPORT_COLUMNS = ["operation", "period", "date", "state", "metric", "drug", "quantity", "unit",
                  "pounds"]


def export_rows(db: Session, op: JointOperation) -> list[dict[str, object]]:
    """One row per figure, in display units: counts, US dollars, kilograms (and pounds)."""
    out: list[dict[str, object]] = []
    for f in figures(db, op):
        quantity: object = f.amount
        unit, lb = "", ""
        if f.metric == Metric.CURRENCY:
            quantity, unit = f"{f.amount / 100:.2f}", "usd"
        elif f.metric == Metric.DRUG:
            quantity, unit = f"{f.amount / joint.MICROGRAMS_PER_KG:.3f}", "kg"
            lb = f"{joint.pounds(f.amount):.3f}"
        out.append({"operation": op.name, "period": f.period, "date": f.on_date.isoformat(),
                    "state": f.state, "metric": f.metric, "drug": f.drug,
                    "quantity": quantity, "unit": unit, "pounds": lb})
    return out


def export_csv(db: Session, op: JointOperation) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(export_rows(db, op))
    return buf.getvalue()


def export_xlsx(db: Session, op: JointOperation) -> bytes:
    """Two sheets: Figures (as the CSV) and Summary (cumulative and days recorded)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Figures"
    sheet.append(EXPORT_COLUMNS)
    for row in export_rows(db, op):
        sheet.append([_cell(row[c]) for c in EXPORT_COLUMNS])
    summ = summary(db, op)
    totals = book.create_sheet("Summary")
    as_of = summ.cumulative_as_of.isoformat() if summ.cumulative_as_of else ""
    totals.append(["metric", f"cumulative as of {as_of}", "sum of days recorded"])
    for key in summ.keys:
        totals.append([key, joint.display(key, summ.cumulative[key])
                       if key in summ.cumulative else "",
                       joint.display(key, summ.day_totals[key])
                       if key in summ.day_totals else ""])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str):
        try:
            return float(value) if value and value.replace(".", "", 1).isdigit() else value
        except ValueError:
            return value
    return value
