"""Ground truth agrees with the records: a perfect tracer walking the files finds what the
truth says it would find."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from sim_helpers import column, read


def _rows(out: Path, name: str) -> list[dict[str, str]]:
    table = read(out, name)
    return [dict(zip(table.column_names, values, strict=True))
            for values in zip(*(column(table, c) for c in table.column_names), strict=True)]


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(a) - date.fromisoformat(b)).days


def test_first_purchaser_is_the_retail_sale_of_that_serial(small_world: Path) -> None:
    retail: dict[tuple[str, str], dict[str, str]] = {}
    first: dict[tuple[str, str], str] = {}
    for row in _rows(small_world, "transfers"):
        key = (row["manufacturer"], row["serial_number"])
        first.setdefault(key, row["from_license"])
        if row["to_purchaser_id"]:
            retail[key] = row
    checked = Counter()
    for truth in _rows(small_world, "truth/recoveries"):
        key = (truth["manufacturer"], truth["serial_number"])
        if truth["purchaser_id"]:
            sale = retail[key]
            assert sale["to_purchaser_id"] == truth["purchaser_id"]
            assert sale["from_license"] == truth["source_licensee"]
            assert sale["transfer_date"] == truth["retail_sale_date"]
            assert int(truth["ttc_days"]) == _days(truth["recovery_date"], sale["transfer_date"])
            assert first[key].split("-")[3] in ("07", "08")
            checked["sold"] += 1
        if truth["true_origin"] in ("foreign", "privately_made", "conversion_device"):
            assert key not in first
            checked["unrecorded"] += 1
        if truth["outcome"] == "completed_purchaser":
            assert truth["purchaser_id"] and truth["source_state_known"] == "Y"
    assert checked["sold"] > 500 and checked["unrecorded"] > 20


def test_requests_match_truth_row_for_row(small_world: Path) -> None:
    requests, truths = _rows(small_world, "trace_requests"), _rows(small_world, "truth/recoveries")
    assert [r["request_ref"] for r in requests] == [t["request_ref"] for t in truths]
    for req, truth in zip(requests, truths, strict=True):
        for field in ("recovery_date", "recovery_country", "recovery_state", "item_kind"):
            assert req[field] == truth[field]
        defects = set(truth["defects"].split(";")) - {""}
        assert (req["serial_obliterated"] == "Y") == ("serial_obliterated" in defects)
        if not defects & {"serial_missing", "serial_obliterated", "serial_misread"}:
            assert req["serial_number"] == truth["serial_number"]
        if "serial_missing" in defects:
            assert truth["outcome_reason"] == "no_serial"
        if truth["outcome"] == "not_completed":
            assert truth["outcome_reason"]


def test_schemes_and_members_agree(small_world: Path) -> None:
    schemes = {s["scheme_id"]: s for s in _rows(small_world, "truth/schemes")}
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for m in _rows(small_world, "truth/scheme_members"):
        members[m["scheme_id"]][m["member_kind"]] += 1
    assert set(members) == set(schemes)
    for sid, scheme in schemes.items():
        assert int(scheme["firearms"]) == members[sid]["firearm"] + members[sid]["item"], sid
        assert int(scheme["recovered"]) >= 1
        assert scheme["start_date"] <= scheme["end_date"]
    kinds = Counter(s["kind"] for s in schemes.values())
    assert {"straw_ring", "interstate_trafficking", "theft_from_licensee",
            "privately_made_firearms"} <= set(kinds), kinds
    for truth in _rows(small_world, "truth/recoveries"):
        if truth["scheme_id"]:
            assert truth["scheme_id"] in schemes


def test_straw_rings_leave_multiple_sale_reports(small_world: Path) -> None:
    straw = {m["member_ref"] for m in _rows(small_world, "truth/scheme_members")
             if m["role"] == "straw_purchaser"}
    reported = {r["purchaser_id"]: r["form"] for r in _rows(small_world, "multiple-sales")}
    assert straw and straw & set(reported)
    assert {"3310.4", "3310.12"} <= set(reported.values())


def test_thefts_and_exports_are_on_record(small_world: Path) -> None:
    thefts = {(t["manufacturer"], t["serial_number"]): t for t in _rows(small_world, "thefts")}
    exports = {(e["manufacturer"], e["serial_number"]): e for e in _rows(small_world, "exports")}
    for truth in _rows(small_world, "truth/recoveries"):
        key = (truth["manufacturer"], truth["serial_number"])
        if truth["channel"] == "theft_from_licensee":
            assert thefts[key]["license"] == truth["source_licensee"]
            assert thefts[key]["incident_date"] == truth["theft_date"]
        if truth["outcome"] == "completed_export":
            assert exports[key]["export_license"] == truth["export_license"]
            assert exports[key]["exporter_license"] == truth["exporter_license"]
