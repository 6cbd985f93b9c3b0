"""Spanish: every message is translated, placeholders survive, pages render in Spanish.

When a test here fails after a template change, run
``.venv/bin/python -m armsflow.web.extract_messages`` and fill in the empty ``msgstr``
entries of ``src/armsflow/web/locales/es/LC_MESSAGES/messages.po``.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from armsflow.web import extract_messages as em
from armsflow.web.i18n import LANGUAGES, translations

HOW_TO_FIX = (
    "run `.venv/bin/python -m armsflow.web.extract_messages`, then fill in msgstr in "
    "src/armsflow/web/locales/es/LC_MESSAGES/messages.po"
)


@pytest.fixture(scope="module")
def template() -> Catalog:
    """Extracted afresh from the templates and code (not read from the .pot)."""
    return em.extract()


@pytest.fixture(scope="module")
def spanish() -> Catalog:
    return em.read_catalog(em.po_path("es"), "es")


def _msgid(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_every_message_has_a_spanish_translation(template: Catalog, spanish: Catalog) -> None:
    missing = []
    for message in template:
        if not message.id:
            continue
        found = spanish.get(message.id, message.context)
        strings = () if found is None else (
            found.string if isinstance(found.string, tuple) else (found.string,))
        blank = not strings or not all((s or "").strip() for s in strings)
        if found is None or found.fuzzy or blank:
            where = ", ".join(sorted({loc for loc, _line in message.locations}))
            missing.append(f"  {_msgid(message.id)!r}  ({where})")
    assert not missing, (
        f"{len(missing)} message(s) without a Spanish translation ({HOW_TO_FIX}):\n"
        + "\n".join(missing))


def test_templates_and_dynamic_vocabularies_are_extracted(template: Catalog) -> None:
    ids = {m.id for m in template}
    assert {"Custody timeline", "Log in", "%(n)s events"} <= ids  # from templates
    assert em.dynamic_msgids() <= ids  # from the DYNAMIC data
    assert "wrong username or password" in ids


@pytest.mark.parametrize("catalog_name", ["template", "spanish"])
def test_placeholders_survive_translation(
    request: pytest.FixtureRequest, catalog_name: str, spanish: Catalog
) -> None:
    catalog: Catalog = request.getfixturevalue(catalog_name)
    broken = []
    for message in catalog:
        if not message.id:
            continue
        found = spanish.get(message.id, message.context)
        if found is None or not found.string:
            continue  # reported by test_every_message_has_a_spanish_translation
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        wanted = set().union(*(em.placeholders(i) for i in ids))
        for text in strings:
            if em.placeholders(text) != wanted:
                broken.append(f"  {ids[0]!r} -> {text!r}: wants {sorted(wanted)}")
            # a stray "%" breaks `text % params` in render.py
            if wanted and re.search(r"%(?!\(\w+\)[sdifr]|%)", text):
                broken.append(f"  {ids[0]!r} -> {text!r}: lone '%'")
    assert not broken, "placeholders lost or changed in Spanish:\n" + "\n".join(broken)


def test_babel_checks_pass_on_the_spanish_catalog(spanish: Catalog) -> None:
    problems = [f"  {_msgid(m.id)!r}: {'; '.join(str(e) for e in errors)}"
                for m, errors in spanish.check()]
    assert not problems, "Babel catalog checks failed:\n" + "\n".join(problems)


def test_runtime_catalog_formats_parameters() -> None:
    es = translations("es")
    assert es.gettext("%(n)s events") % {"n": 3} == "3 eventos"
    assert es.gettext("incomplete: %(key)s") % {"key": "5-86-00002"} == "incompleto: 5-86-00002"
    assert es.gettext("Custody timeline") != "Custody timeline"
    assert translations("en").gettext("Custody timeline") == "Custody timeline"


def test_pot_file_is_current() -> None:
    """The committed .pot matches what extraction gives (run extract_messages if not)."""
    fresh = em.render(em.extract())
    on_disk = em.POT_FILE.read_bytes()
    assert em.same_content(on_disk, fresh), HOW_TO_FIX


def test_rerun_keeps_translations_and_adds_new_msgids(tmp_path: Path) -> None:
    """What a later run does when, say, templates/imports/*.html arrive."""
    templates = tmp_path / "web" / "templates" / "imports"
    templates.mkdir(parents=True)
    (templates / "upload.html").write_text(
        "<h1>{{ _('Upload a file') }}</h1> {{ _('Log in') }} {{ _('%(n)s rows', n=3) }}")
    template = em.extract(tmp_path)
    merged = em.merge(template, em.read_catalog(em.po_path("es"), "es"), "es")
    assert merged.get("Log in").string == "Iniciar sesión"  # kept
    assert merged.get("transfer").string == "transferencia"  # dynamic, kept
    assert not merged.get("Upload a file").string  # new, to translate
    assert "python-format" in merged.get("%(n)s rows").flags
    assert {"Upload a file", "%(n)s rows"} <= set(em.untranslated(merged))
    assert "Custody timeline" in merged.obsolete  # gone from this tree: kept as #~
    reread = read_po(BytesIO(em.render(merged)), locale="es")
    assert reread.get("Log in").string == "Iniciar sesión"
    assert reread.get("Upload a file") is not None


def test_every_language_has_a_catalog() -> None:
    for lang in LANGUAGES:
        if lang != em.SOURCE_LANGUAGE:
            assert em.po_path(lang).exists(), f"no catalog for {lang}: {HOW_TO_FIX}"


# ------------------------------------------------ the DYNAMIC lists follow the vocabularies


def _dynamic(prefix: str) -> set[str]:
    (values,) = [v for k, v in em.DYNAMIC.items() if k.startswith(prefix)]
    return set(values)


def test_dynamic_msgids_cover_the_enums() -> None:
    from typing import get_args

    from armsflow.auth.roles import AgencyKind, Role
    from armsflow.imports.report import Status
    from armsflow.vocab.firearms import ItemKind

    assert {r.value for r in Role} <= _dynamic("user role")
    assert {k.value for k in AgencyKind} <= _dynamic("agency kind")
    assert {k.value for k in ItemKind} <= _dynamic("firearm item kind")
    assert set(get_args(Status)) <= _dynamic("import status")


def test_dynamic_msgids_cover_the_import_kinds() -> None:
    from armsflow.imports.kinds import KINDS

    assert set(KINDS) <= _dynamic("import kind")


def test_dynamic_msgids_cover_audit_actions_in_code_and_template() -> None:
    src = em.PACKAGE_DIR
    in_code = set()
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")  # audit.service.record(..., actor=, action=)
        in_code |= set(re.findall(r'\bactor=[\w.]+,\s*action="(\w+)"', text))
    audit_html = (src / "web" / "templates" / "audit.html").read_text(encoding="utf-8")
    listed = re.search(r"{%\s*for a in \[([^\]]*)\]", audit_html)
    assert listed, "audit.html no longer lists its actions inline: update this test"
    in_template = set(re.findall(r"'(\w+)'", listed.group(1)))
    assert {"create", "read_personal"} <= in_code
    assert in_code | in_template <= _dynamic("audit action")


def test_dynamic_msgids_cover_custody_event_kinds() -> None:
    service = (em.PACKAGE_DIR / "registry" / "service.py").read_text(encoding="utf-8")
    kinds = set(re.findall(r'\bkind="(\w+)"', service)) - {"licensee", "purchaser"}
    for pair in re.findall(r'\bkind="?(\w+)"? if \w+ else "(\w+)"', service):
        kinds |= set(pair)
    assert {"transfer", "retail_sale"} <= kinds
    # thefts carry their kind from the import file (theft or loss)
    theft_map = re.search(r"THEFT_KINDS\s*=\s*\{([^}]*)\}",
                          _read_optional("imports/sales_thefts.py"))
    if theft_map:
        kinds |= set(re.findall(r':\s*"(\w+)"', theft_map.group(1)))
    assert kinds <= _dynamic("custody event kind")


def _read_optional(relative: str) -> str:
    path = em.PACKAGE_DIR / relative
    return path.read_text(encoding="utf-8") if path.exists() else ""


# ------------------------------------------------------------------------ pages in Spanish


def test_login_page_in_spanish_with_cookie(client) -> None:  # type: ignore[no-untyped-def]
    client.cookies.set("armsflow_lang", "es")
    html = client.get("/login").text
    assert '<html lang="es">' in html
    for text in ("Iniciar sesión", "Nombre de usuario", "Contraseña",
                 "Los datos personales solo se muestran"):
        assert text in html, text
    assert "Log in" not in html and "Password" not in html


def test_login_error_in_spanish(client, accounts) -> None:  # type: ignore[no-untyped-def]
    client.cookies.set("armsflow_lang", "es")
    resp = client.post("/login", data={"username": "analyst", "password": "wrong-password-1"})
    assert resp.status_code == 401
    assert "nombre de usuario o contraseña incorrectos" in resp.text
    assert "wrong username or password" not in resp.text


def test_login_page_stays_english_without_cookie(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/login").text
    assert '<html lang="en">' in html and "Log in" in html
    assert 'data-lang="es"' in html  # the switch the browser tests click

