"""Server-rendered pages: one Jinja2 environment, translated per request."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from armsflow.auth.policy import Permission, allowed
from armsflow.auth.principal import Principal
from armsflow.web.i18n import LANGUAGES, translations

CODE = re.compile(r"[a-z]+(?:_[a-z]+)+|[a-z]+")


def humanize(code: str) -> str:
    """A vocabulary code shown to people: ``retail_sale`` -> ``Retail sale``. English uses the
    codes as message ids, so an untranslated code is displayed this way."""
    return code.replace("_", " ").capitalize()


TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))


def _context(request: Request) -> dict[str, Any]:
    lang: str = getattr(request.state, "lang", "en")
    tr = translations(lang)
    principal: Principal | None = getattr(request.state, "principal", None)
    perms = {p.value for p in Permission if principal and allowed(principal, p)}
    def gettext(message: str, **params: Any) -> str:
        text = tr.gettext(message)
        if text == message and CODE.fullmatch(message):
            return humanize(message)
        return text % params if params else text

    return {
        "_": gettext,
        "ngettext": tr.ngettext,
        "lang": lang,
        "languages": LANGUAGES,
        "me": principal,
        "perms": perms,
        "csrf_token": getattr(request.state, "csrf_token", ""),
    }


TEMPLATES.context_processors.append(_context)


def page(request: Request, template: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, ctx, status_code=status_code)
