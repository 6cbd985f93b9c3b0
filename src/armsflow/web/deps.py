"""Request-scoped plumbing: the database session, the caller, CSRF and language."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from armsflow.auth import service as auth
from armsflow.auth.principal import Principal
from armsflow.errors import Forbidden, NotAuthenticated
from armsflow.settings import Settings

SESSION_COOKIE = "armsflow_session"
LANG_COOKIE = "armsflow_lang"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the endpoint succeeds, else rolled back."""
    session: Session = request.app.state.sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": commit before the response is sent, so a redirect never outruns it.
Db = Annotated[Session, Depends(get_db, scope="function")]


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def optional_principal(request: Request, db: Db) -> Principal | None:
    """The caller from an API bearer token or the session cookie; None when anonymous.

    Cookie-authenticated requests that change something must carry the session's CSRF token
    (form field ``csrf_token`` is checked by the page handlers; API calls send X-CSRF-Token)."""
    ip = _client_ip(request)
    token = _bearer(request)
    if token:
        user = auth.resolve_api_token(db, token)
        if user is None:
            raise NotAuthenticated("the API token is invalid, expired or revoked")
        return _remember(request, auth.principal_of(user, ip))
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    found = auth.resolve_session(db, cookie)
    if found is None:
        return None
    user, ws = found
    request.state.csrf_token = ws.csrf_token
    if request.method not in SAFE_METHODS and request.url.path.startswith("/api/"):
        sent = request.headers.get("x-csrf-token", "")
        if not hmac.compare_digest(sent, ws.csrf_token):
            raise Forbidden("missing or wrong X-CSRF-Token header for a cookie session")
    return _remember(request, auth.principal_of(user, ip))


def _remember(request: Request, principal: Principal) -> Principal:
    """Keep the caller on the request for templates; the user's language applies unless the
    browser chose one explicitly (cookie)."""
    request.state.principal = principal
    if not request.cookies.get(LANG_COOKIE):
        request.state.lang = principal.language
    return principal


def require_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise NotAuthenticated("log in or send an API token (Authorization: Bearer ...)")
    return principal


CurrentUser = Annotated[Principal, Depends(require_principal)]
MaybeUser = Annotated[Principal | None, Depends(optional_principal)]


def check_form_csrf(request: Request, sent: str | None) -> None:
    """Pages: the form's hidden csrf_token must equal the session's."""
    expected = getattr(request.state, "csrf_token", None)
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden("the form has expired or did not come from this site; reload the page")
