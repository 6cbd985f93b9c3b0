"""English and Spanish. Catalogs are Babel .po files read at start-up (no compile step)."""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = {"en": "English", "es": "Español"}


@lru_cache(maxsize=8)
def translations(lang: str) -> NullTranslations:
    """The catalog for ``lang``; English is the source language and needs none."""
    po = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.exists():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf)


def pick_language(requested: str | None, user_pref: str | None, default: str) -> str:
    for lang in (requested, user_pref, default):
        if lang in LANGUAGES:
            return lang
    return "en"
