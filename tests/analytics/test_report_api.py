"""The table API the dashboard uses: READ_ANALYTICS, JSON/CSV/XLSX/Parquet, filters,
refresh after new traces, and drill-down limited to the traces the caller may open."""

from __future__ import annotations

import io

import pyarrow.parquet as pq
from analytics_rows import add_traces  # type: ignore[import-not-found]
from sqlalchemy.orm import Session, sessionmaker

from armsflow.analytics.reports import CAVEAT


def _traces(factory: sessionmaker[Session]) -> dict[str, list[int]]:
    houston = add_traces(factory, [
        {"ori": "TXHPD0000", "ref": f"H{i}", "source_state": "AZ"} for i in range(3)])
    atf = add_traces(factory, [
        {"ori": "WVATF0900", "ref": f"A{i}", "source_state": "AZ"} for i in range(2)]
        + [{"ori": "WVATF0900", "ref": "A9", "source_state": "TX", "firearm_type": "RI"},
           {"ori": "WVATF0900", "ref": "DUP", "source_state": "AZ"}])
    with factory() as db:  # the last one repeats a recovery: excluded everywhere
        from armsflow.tracing.models import Trace

        dup = db.get(Trace, atf[-1])
        assert dup is not None
        dup.duplicate_of_id = atf[0]
        db.commit()
    return {"houston": houston, "atf": atf[:-1]}


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_reports_in_every_format_and_drill_down_by_entitlement(  # type: ignore[no-untyped-def]
    client, session_factory: sessionmaker[Session], token_for
) -> None:
    ids = _traces(session_factory)
    analyst = _auth(token_for("analyst"))
    listing = client.get("/api/v1/analytics/reports", headers=analyst).json()
    names = {r["name"] for r in listing}
    assert {"origin", "source-states", "types", "time-to-crime", "flows"} <= names
    assert all(r["caveat"] == CAVEAT for r in listing)

    body = client.get("/api/v1/analytics/reports/source-states?year=2022",
                      headers=analyst).json()
    assert body["caveat"] == CAVEAT
    assert body["rows"] == [
        {"source_state": "AZ", "recovery_state": "TX", "year": 2022, "n": 5},
        {"source_state": "TX", "recovery_state": "TX", "year": 2022, "n": 1}]
    types = client.get("/api/v1/analytics/reports/types?firearm_type=rifle",
                       headers=analyst).json()["rows"]
    assert [(r["firearm_type"], r["n"]) for r in types] == [("rifle", 1)]

    csv = client.get("/api/v1/analytics/reports/source-states?format=csv", headers=analyst)
    assert csv.status_code == 200 and csv.headers["x-armsflow-caveat"] == CAVEAT
    assert csv.text.splitlines() == ["source_state,recovery_state,year,n",
                                     "AZ,TX,2022,5", "TX,TX,2022,1"]
    parquet = client.get("/api/v1/analytics/reports/origin?format=parquet", headers=analyst)
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.column_names == ["recovery_year", "recovery_country", "origin",
                                  "origin_country", "n"]
    assert table.schema.metadata[b"armsflow.caveat"].decode() == CAVEAT
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    xlsx = client.get("/api/v1/analytics/reports/origin?format=xlsx", headers=analyst)
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in wb["data"][1]] == table.column_names
    assert wb["about"]["A2"].value == CAVEAT

    # drill-down: the analyst (tracing centre) sees all five; Houston only its own three
    url = ("/api/v1/analytics/reports/source-states/traces"
           "?cell=source_state:AZ&cell=recovery_state:TX&cell=year:2022")
    seen = client.get(url, headers=analyst).json()
    assert [t["id"] for t in seen["traces"]] == sorted(ids["houston"] + ids["atf"][:2])
    assert seen["withheld"] == 0
    local = client.get(url, headers=_auth(token_for("requester"))).json()
    assert [t["id"] for t in local["traces"]] == ids["houston"]
    assert local["withheld"] == 2 and local["total"] == 5
    foreign = client.get(url, headers=_auth(token_for("fgr_investigator"))).json()
    assert foreign["traces"] == [] and foreign["withheld"] == 5


def test_access_and_bad_requests(client, session_factory, token_for) -> None:  # type: ignore[no-untyped-def]
    _traces(session_factory)
    assert client.get("/api/v1/analytics/reports").status_code == 401
    nope = _auth(token_for("stockpile"))
    assert client.get("/api/v1/analytics/reports/origin", headers=nope).status_code == 403
    analyst = _auth(token_for("analyst"))
    bad = client.get("/api/v1/analytics/reports/types?firearm_type=gun", headers=analyst)
    assert bad.status_code == 422 and "firearm type" in bad.text
    assert client.get("/api/v1/analytics/reports/nope", headers=analyst).status_code == 404
    cell = client.get("/api/v1/analytics/reports/origin/traces?cell=colour:red",
                      headers=analyst)
    assert cell.status_code == 422 and "cell" in cell.text


def test_new_traces_appear_after_the_refresh_delay(  # type: ignore[no-untyped-def]
    app, client, session_factory, token_for
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"analytics_refresh_seconds": 0})
    analyst = _auth(token_for("analyst"))
    _traces(session_factory)
    url = "/api/v1/analytics/reports/trends"
    assert client.get(url, headers=analyst).json()["rows"][0]["n"] == 6
    add_traces(session_factory, [{"ori": "TXHPD0000", "ref": "NEW", "recovery_state": "CA"}])
    assert client.get(url, headers=analyst).json()["rows"][0]["n"] == 7
    filters = client.get("/api/v1/analytics/filters", headers=analyst).json()
    assert filters["years"] == [2022] and filters["states"] == ["CA", "TX"]
