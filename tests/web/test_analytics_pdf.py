"""The PDF summary of the analytics dashboard: rendered by WeasyPrint through the page
route, read back with pypdf, in English and Spanish, under the dashboard's filters."""

from __future__ import annotations

import io
import re

import pytest
from analytics_data import ORIGIN_COUNTS, load_traces
from fastapi.testclient import TestClient
from pypdf import PdfReader

from armsflow.analytics import pdf as analytics_pdf
from armsflow.tracing.pdf import unavailable_reason

PASSWORD = "correct-horse-42"
pytestmark = pytest.mark.skipif(unavailable_reason() is not None,
                                reason=f"WeasyPrint unavailable: {unavailable_reason()}")


def _login(client: TestClient, username: str) -> None:
    resp = client.post("/login", data={"username": username, "password": PASSWORD},
                       follow_redirects=False)
    assert resp.status_code in (302, 303)


def _text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))


def test_pdf_summary_has_the_figures_and_the_caveat(client, session_factory, accounts
                                                    ) -> None:  # type: ignore[no-untyped-def]
    load_traces(session_factory)
    _login(client, "analyst")
    resp = client.get("/analytics/report.pdf")
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    text = _text(resp.content)
    assert "Crime-gun analytics: summary" in text
    assert "Origin of recovered firearms" in text
    assert "Not all firearms used in crime are traced" in text
    total = sum(ORIGIN_COUNTS.values())
    us = sum(v for k, v in ORIGIN_COUNTS.items() if k[2] == "us")
    assert re.search(rf"All years {total} {us} {round(100 * us / total)}%", text), text[:800]
    assert "Top source states" in text and "Texas" in text  # SVG chart labels, as text


def test_pdf_summary_in_spanish_under_filters(client, session_factory, accounts
                                              ) -> None:  # type: ignore[no-untyped-def]
    load_traces(session_factory)
    _login(client, "requester")
    client.cookies.set("armsflow_lang", "es")
    resp = client.get("/analytics/report.pdf?year=2023&country=MX")
    assert resp.status_code == 200
    text = _text(resp.content)
    assert "Analítica de armas del delito: resumen" in text
    assert "No todas las armas usadas en delitos se rastrean" in text
    assert "year = 2023" in text and "country = MX" in text
    mx = {k: v for k, v in ORIGIN_COUNTS.items() if k[:2] == (2023, "MX")}
    assert re.search(rf"Todos los años {sum(mx.values())} {mx[(2023, 'MX', 'us')]} ", text)
    assert "Arizona México Sonora 3" in text  # the top flow to Mexico


def test_pdf_html_is_rendered_from_the_report_tables_alone() -> None:
    import pyarrow as pa

    origin = pa.table({"recovery_year": [2014, 2014], "recovery_country": ["MX", "MX"],
                       "origin": ["us", "foreign"], "origin_country": [None, "ES"],
                       "n": [70, 30]})
    html = analytics_pdf.summary_html({"origin": origin}, lang="en", filters=[], as_of=None)
    assert "data:image/svg+xml;base64," in html
    assert re.search(r"<td class=\"num\">100</td>\s*<td class=\"num\">70</td>", html)
