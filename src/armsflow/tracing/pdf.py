"""The PDF trace report (issue 4, item 6): one trace's result on paper, in English or Spanish.

:func:`trace_report` is the one service function behind ``GET /traces/{id}/report.pdf`` and
``GET /api/v1/traces/{id}/report.pdf``. It reads the trace with ``reads.get_trace``, the
read behind the JSON result and the result page, so the report follows the same disclosure
rules (``auth.policy.may_read_trace`` and ``may_read_trace_personal_data``) and a report with
purchaser or possessor data is audited like any other such read.

:func:`render_report` is pure but for WeasyPrint: the read model, the language and the
disclosure flag in, PDF bytes out. The HTML is rendered from
``web/templates/tracing/report_pdf.html`` with its CSS inline; WeasyPrint resolves relative
addresses against the package's static folder and fetches nothing else (no network, no file
outside that folder); fonts come from fontconfig (DejaVu on Debian).

WeasyPrint needs Pango at run time. Where it cannot be loaded, the routes answer 503 with
:class:`PdfUnavailable`'s message; the rest of the service is unaffected.
"""

from __future__ import annotations

import functools
import importlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from armsflow.auth.models import Agency
from armsflow.auth.principal import Principal
from armsflow.errors import ArmsFlowError
from armsflow.tracing import page_text, reads
from armsflow.tracing.page_text import N_
from armsflow.tracing.schemas import TraceRead
from armsflow.web.i18n import LANGUAGES, translations
from armsflow.web.render import TEMPLATES

STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"
TEMPLATE = "tracing/report_pdf.html"
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
LETTER_COUNTRIES = frozenset({"US", "CA", "MX"})
"""Countries whose agencies print on US Letter by default; everyone else gets A4."""
RESTRICTED_PURCHASER = "Retail purchaser (restricted)"
STEP_LABELS: dict[str, str] = {
    "import": N_("Import by a licensed importer"), "transfer": N_("Transfer to a licensee"),
    "retail_sale": N_("Retail sale"), "theft": N_("Theft or loss"),
    "multiple_sale": N_("Multiple sale report"), "export": N_("Licensed export"),
    "nfa": N_("NFA registration"), "stop": N_("Trace stopped"),
}
"""The custody step kinds of ``facts.ChainStep`` as the report names them."""


class PdfUnavailable(ArmsFlowError):
    """The PDF renderer cannot run on this server (WeasyPrint or Pango missing)."""

    status_code = 503


@functools.cache
def _load() -> tuple[Any, str | None]:
    """WeasyPrint, or why it cannot be loaded (once per process)."""
    try:
        return importlib.import_module("weasyprint"), None
    except (ImportError, OSError) as exc:  # OSError: cffi cannot open libpango
        first = (str(exc).splitlines() or [""])[0]
        return None, f"{type(exc).__name__}: {first}"


def unavailable_reason() -> str | None:
    """None when PDF reports can be rendered here; else why not (for tests and doctors)."""
    return _load()[1]


def _weasyprint() -> Any:
    module, problem = _load()
    if module is None:
        raise PdfUnavailable(
            "PDF reports are unavailable on this server: WeasyPrint cannot be loaded "
            f"({problem}). It needs Pango (Debian: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0). The trace result is still available as a page and as JSON "
            "(GET /api/v1/traces/{id}).")
    return module


def default_paper(country: str | None) -> str:
    return "letter" if (country or "US") in LETTER_COUNTRIES else "a4"


# ------------------------------------------------------------------------------ service


def trace_report(db: Session, principal: Principal, trace_id: int, *, lang: str,
                 paper: str | None = None) -> tuple[TraceRead, bytes]:
    """One trace as a PDF for ``principal``: who may read it and whether the personal data
    is included are decided (and the read audited) by ``reads.get_trace``, exactly as for
    the result page and the JSON result."""
    _weasyprint()  # 503 before anything is read (and audited)
    trace = reads.get_trace(db, principal, trace_id)
    agency = db.scalar(select(Agency.name).where(Agency.ori == trace.agency_ori))
    if paper not in PAPER_SIZES:
        paper = default_paper(principal.agency_country)
    pdf = render_report(trace, lang=lang, personal=trace.personal is not None,
                        agency_name=agency, paper=paper)
    return trace, pdf


def response_headers(trace: TraceRead) -> dict[str, str]:
    """Shown inline under a safe file name, never cached (it may hold personal data)."""
    return {"Content-Disposition": f'inline; filename="{filename(trace)}"',
            "Cache-Control": "no-store"}


def filename(trace: TraceRead) -> str:
    """A safe download name: ``trace-HPD-2023-0001.pdf``."""
    ref = re.sub(r"[^A-Za-z0-9._-]+", "_", trace.request_ref).strip("._") or str(trace.id)
    return f"trace-{ref[:60]}.pdf"


# ------------------------------------------------------------------------------ rendering


def render_report(trace: TraceRead, *, lang: str, personal: bool,
                  agency_name: str | None = None, paper: str = "letter",
                  generated_at: datetime | None = None) -> bytes:
    """The report as PDF bytes. ``personal`` is the disclosure decision: without it no
    purchaser or possessor data is printed, whatever ``trace`` carries."""
    weasyprint = _weasyprint()
    html = report_html(trace, lang=lang, personal=personal, agency_name=agency_name,
                       paper=paper, generated_at=generated_at)
    document = weasyprint.HTML(string=html, base_url=STATIC_DIR.as_uri() + "/",
                               url_fetcher=_static_fetcher(weasyprint))
    pdf: bytes = document.write_pdf()
    return pdf


def report_html(trace: TraceRead, *, lang: str, personal: bool,
                agency_name: str | None = None, paper: str = "letter",
                generated_at: datetime | None = None) -> str:
    """The HTML WeasyPrint lays out (also handy to look at in a browser)."""
    lang = lang if lang in LANGUAGES else "en"
    tr = translations(lang)

    def gettext(message: str, **params: Any) -> str:
        text = tr.gettext(message)
        return text % params if params else text

    t = _disclosed(trace, personal)
    at = (generated_at or datetime.now(UTC)).astimezone(UTC)
    template = TEMPLATES.env.get_template(TEMPLATE)
    return template.render(
        _=gettext, lang=lang, t=t, agency_name=agency_name, generated_at=at,
        page_size=PAPER_SIZES.get(paper, "letter"), css_string=css_string,
        page_counter=page_counter,
        say=page_text.localizer(lang), country=page_text.country_namer(lang),
        statuses=page_text.STATUS_LABELS, outcomes=page_text.OUTCOME_LABELS,
        priorities=page_text.PRIORITY_LABELS, reasons=page_text.REASON_TEXTS,
        steps=STEP_LABELS)


def _disclosed(trace: TraceRead, personal: bool) -> TraceRead:
    """``trace`` as the caller may see it: without the disclosure, no personal data and
    the retail sale's purchaser masked (``reads.to_read`` already does so; this keeps the
    renderer safe when handed a model read for someone else)."""
    if personal:
        return trace
    chain = [s.model_copy(update={"target": RESTRICTED_PURCHASER})
             if s.kind == "retail_sale" else s for s in trace.chain]
    return trace.model_copy(update={"personal": None, "chain": chain})


def css_string(text: str) -> str:
    """``text`` as a CSS string literal (for ``content:`` in the page margins); safe inside
    a ``<style>`` element (no quote, backslash or ``<`` is left as it is)."""
    escaped = re.sub(r'["\\<>]', lambda m: f"\\{ord(m.group(0)):x} ", text)
    escaped = re.sub(r"[\x00-\x1f\x7f]", " ", escaped)
    return f'"{escaped}"'


def page_counter(label: str) -> str:
    """A translated "Page %(page)s of %(pages)s" as a CSS ``content`` value."""
    parts = re.split(r"(%\((?:page|pages)\)s)", label)
    out = []
    for part in parts:
        if part == "%(page)s":
            out.append("counter(page)")
        elif part == "%(pages)s":
            out.append("counter(pages)")
        elif part:
            out.append(css_string(part))
    return " ".join(out)


def _static_fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that serves files of the static folder and refuses everything else."""
    root = STATIC_DIR.resolve()

    class StaticOnly(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"the PDF report fetches nothing outside the static "
                                 f"folder: {url}")
            return super().fetch(url, headers)

    return StaticOnly(allowed_protocols={"file", "data"}, timeout=5)
