"""The gaps report for management, as PDF (WeasyPrint, like ``tracing/pdf.py``, whose
loader, static-only fetcher and page-margin helpers it reuses): the dashboard's figures
and every gap, in English or Spanish."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from armsflow.monitoring import labels
from armsflow.monitoring.service import Dashboard
from armsflow.tracing.pdf import (
    PAPER_SIZES,
    STATIC_DIR,
    _static_fetcher,
    _weasyprint,
    css_string,
    page_counter,
)
from armsflow.web.i18n import LANGUAGES, translations
from armsflow.web.render import TEMPLATES

TEMPLATE = "monitoring/gaps_pdf.html"


def gaps_html(board: Dashboard, *, lang: str, paper: str = "letter",
              generated_at: datetime | None = None) -> str:
    lang = lang if lang in LANGUAGES else "en"
    tr = translations(lang)

    def gettext(message: str, **params: Any) -> str:
        text = tr.gettext(message)
        return text % params if params else text

    return TEMPLATES.env.get_template(TEMPLATE).render(
        _=gettext, lang=lang, b=board, page_size=PAPER_SIZES.get(paper, "letter"),
        css_string=css_string, page_counter=page_counter, activities=labels.ACTIVITIES,
        every=labels.EVERY, gap_text=lambda code, detail: labels.gap_text(gettext, code,
                                                                            detail),
        generated_at=(generated_at or datetime.now(UTC)).astimezone(UTC))


def gaps_pdf(board: Dashboard, *, lang: str, paper: str = "letter") -> bytes:
    """PDF bytes; raises ``tracing.pdf.PdfUnavailable`` (503) where WeasyPrint cannot run."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=gaps_html(board, lang=lang, paper=paper),
                               base_url=STATIC_DIR.as_uri() + "/",
                               url_fetcher=_static_fetcher(weasyprint))
    pdf: bytes = document.write_pdf()
    return pdf


def filename(board: Dashboard) -> str:
    return f"mou-gaps-{board.since.isoformat()}-{board.until.isoformat()}.pdf"
