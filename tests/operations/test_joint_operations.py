"""Joint operations: Project Deliverance's published tallies (DOMAIN.md §4) load and add up;
day figures and cumulative reports stay apart; bad files name row, column and reason."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import SYSTEM
from armsflow.errors import InvalidInput
from armsflow.operations import joint, joint_store

# DOMAIN.md §4: "2,266 arrests, $154 million, 1,262 lb methamphetamine, 2.5 tons cocaine,
# 1,410 lb heroin, 69 tons marijuana, 501 weapons, 527 vehicles; takedown day 9 June 2010:
# 429 arrests in 16 states, >3,000 officers."
LB = 453_592_370  # micrograms


def test_project_deliverance_totals(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as db:
        report = joint_store.load_project_deliverance(db, actor=SYSTEM)
        db.commit()
        assert report.stored == 11
        op = joint_store.by_name(db, "Project Deliverance")
        s = joint_store.summary(db, op)
    assert s.cumulative_as_of == date(2010, 6, 9)
    c = s.cumulative
    assert c["arrests"] == 2266
    assert c["currency"] == 154_000_000 * 100
    assert c["drug:methamphetamine"] == 1262 * LB
    assert c["drug:cocaine"] == 5000 * LB            # 2.5 short tons
    assert c["drug:heroin"] == 1410 * LB
    assert c["drug:marijuana"] == 138_000 * LB       # 69 short tons
    assert c["weapons"] == 501 and c["vehicles"] == 527
    assert joint.pounds(c["drug:methamphetamine"]) == Decimal(1262)
    assert s.days == {date(2010, 6, 9): {"arrests": 429, "states_reached": 16,
                                         "officers": 3000}}
    # Kept apart: the days recorded are not the cumulative total.
    assert s.day_totals["arrests"] == 429 != c["arrests"]
    assert joint.display("currency", c["currency"]) == "$154,000,000"
    assert joint.display("drug:cocaine", c["drug:cocaine"]) == "2,268.0 kg (5,000.0 lb)"


def test_reloading_changes_nothing_and_a_new_amount_replaces(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with session_factory() as db:
        joint_store.load_project_deliverance(db, actor=SYSTEM)
        again = joint_store.load_project_deliverance(db, actor=SYSTEM)
        assert (again.stored, again.changed, again.unchanged) == (0, 0, 11)
        op = joint_store.by_name(db, "Project Deliverance")
        fix = tmp_path / "fix.csv"
        fix.write_text("period,date,state,metric,drug,quantity,unit\n"
                       "cumulative,2010-06-09,,weapons,,502,\n")
        assert joint_store.load_file(db, op, fix, actor=SYSTEM).changed == 1
        assert joint_store.summary(db, op).cumulative["weapons"] == 502
        assert joint_store.agencies(db, op)[0] == "DEA"


def test_days_by_state_running_totals_and_exports(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "op.csv"
    path.write_text(
        "period,date,state,metric,drug,quantity,unit\n"
        "day,2024-03-01,Texas,arrests,,5,\n"
        "day,2024-03-01,AZ,arrests,,2,\n"
        "day,2024-03-01,TX,drug,fentanyl,1.5,kg\n"
        "day,2024-03-02,TX,arrests,,1,\n"
        "day,2024-03-02,Chihuahua,weapons,,12,\n"
        "day,2024-03-02,TX,currency,,2500.50,usd\n")
    with session_factory() as db:
        op = joint_store.upsert_operation(db, actor=SYSTEM, name="Op Test", lead_agency="ATF",
                                          agencies=["HSI", "CBP"])
        joint_store.load_file(db, op, path, actor=SYSTEM)
        s = joint_store.summary(db, op)
        assert s.running[date(2024, 3, 1)]["arrests"] == 7
        assert s.running[date(2024, 3, 2)]["arrests"] == 8
        assert s.by_state["TX"] == {"arrests": 6, "drug:fentanyl": 1_500_000_000,
                                    "currency": 250_050}
        assert s.by_state["CHH"] == {"weapons": 12}
        assert s.cumulative == {} and s.cumulative_as_of is None
        text = joint_store.export_csv(db, op)
        assert "Op Test,day,2024-03-01,TX,drug,fentanyl,1.500,kg,3.307" in text
        assert "2500.50,usd" in text
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(joint_store.export_xlsx(db, op)))
        assert book.sheetnames == ["Figures", "Summary"]
        assert book["Figures"].max_row == 7
        summary_rows = {r[0]: r for r in book["Summary"].iter_rows(values_only=True)}
        assert summary_rows["arrests"][2] == "8"


def test_bad_rows_are_reported_and_nothing_is_stored(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "period,date,state,metric,drug,quantity,unit\n"
        "weekly,2024-03-01,TX,arrests,,5,\n"
        "day,2024-13-01,TX,arrests,,5,\n"
        "day,2024-03-01,Atlantis,arrests,,5,\n"
        "day,2024-03-01,TX,arrests,,2.5,\n"
        "day,2024-03-01,TX,drug,,5,kg\n"
        "day,2024-03-01,TX,drug,cocaine,5,bushel\n"
        "day,2024-03-01,TX,weapons,cocaine,5,\n"
        "day,2024-03-01,TX,vehicles,,-1,\n"
        "day,2024-03-02,TX,vehicles,,1,\n"
        "day,2024-03-02,TX,vehicles,,2,\n")
    _figures, errors = joint.read_file(path)
    assert [(e.row, e.column) for e in errors] == [
        (2, "period"), (3, "date"), (4, "state"), (5, "quantity"), (6, "drug"), (7, "unit"),
        (8, "drug"), (9, "quantity"), (11, "metric")]
    with session_factory() as db:
        op = joint_store.upsert_operation(db, actor=SYSTEM, name="Bad", lead_agency="ATF")
        with pytest.raises(InvalidInput, match="row 2, period"):
            joint_store.load_file(db, op, path, actor=SYSTEM)
        assert joint_store.figures(db, op) == []
    missing = tmp_path / "missing.csv"
    missing.write_text("period,date,metric\nday,2024-01-01,arrests\n")
    assert {e.column for e in joint.read_file(missing)[1]} == {"state", "drug", "quantity",
                                                              "unit"}
