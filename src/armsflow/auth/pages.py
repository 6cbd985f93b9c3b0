"""Pages: login, logout, language switch, account (API tokens), users and agencies admin."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from armsflow.auth import service
from armsflow.auth.policy import Permission, require
from armsflow.auth.roles import AgencyKind, Role
from armsflow.errors import ArmsFlowError
from armsflow.web.deps import (
    LANG_COOKIE,
    SESSION_COOKIE,
    CurrentUser,
    Db,
    MaybeUser,
    check_form_csrf,
)
from armsflow.web.i18n import LANGUAGES
from armsflow.web.render import page

router = APIRouter(include_in_schema=False)
FormStr = Annotated[str, Form()]
OptForm = Annotated[str | None, Form()]


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect to another host after login."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/registry"
    return urlparse(target).path or "/registry"


@router.get("/")
def home(user: MaybeUser) -> Response:
    return RedirectResponse("/registry" if user else "/login", status_code=303)


@router.get("/login")
def login_form(request: Request, user: MaybeUser, next: str | None = None) -> Response:
    if user:
        return RedirectResponse(_safe_next(next), status_code=303)
    return page(request, "login.html", next=_safe_next(next))


@router.post("/login")
def login(
    request: Request, db: Db, username: FormStr, password: FormStr, next: OptForm = None
) -> Response:
    settings = request.app.state.settings
    ip = request.client.host if request.client else None
    try:
        user = service.authenticate(
            db, username=username, password=password, ip=ip,
            max_failures=settings.login_max_failures,
            lockout=timedelta(minutes=settings.login_lockout_minutes),
        )
    except ArmsFlowError as exc:
        db.commit()  # keep the failed attempt: it counts towards the throttle
        return page(request, "login.html", status_code=exc.status_code, error=exc.message,
                    username=username, next=_safe_next(next))
    token, _csrf = service.open_session(db, user=user, hours=settings.session_hours, ip=ip)
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                    secure=settings.cookie_secure, max_age=settings.session_hours * 3600)
    return resp


@router.post("/logout")
def logout(request: Request, db: Db, user: CurrentUser, csrf_token: FormStr) -> Response:
    check_form_csrf(request, csrf_token)
    service.close_session(db, actor=user.actor, token=request.cookies.get(SESSION_COOKIE, ""))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp


@router.get("/lang/{code}")
def switch_language(request: Request, db: Db, user: MaybeUser, code: str) -> Response:
    """Switch language for this browser (and remember it for a logged-in user)."""
    if code not in LANGUAGES:
        code = "en"
    if user:
        service.set_language(db, actor=user.actor, user_id=user.user_id, language=code)
    referer = request.headers.get("referer")
    target = _safe_next(urlparse(referer).path if referer else None)
    resp = RedirectResponse(target, status_code=303)
    resp.set_cookie(LANG_COOKIE, code, samesite="lax", max_age=365 * 24 * 3600)
    return resp


@router.get("/account")
def account(request: Request, db: Db, user: CurrentUser, new_token: str | None = None) -> Response:
    tokens = service.list_api_tokens(db, user.user_id)
    return page(request, "account.html", tokens=tokens, new_token=None)


@router.post("/account/tokens")
def create_token(request: Request, db: Db, user: CurrentUser, name: FormStr,
                 csrf_token: FormStr) -> Response:
    check_form_csrf(request, csrf_token)
    _tok, clear = service.create_api_token(db, actor=user.actor, user_id=user.user_id, name=name)
    tokens = service.list_api_tokens(db, user.user_id)
    return page(request, "account.html", tokens=tokens, new_token=clear)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, db: Db, user: CurrentUser, token_id: int,
                 csrf_token: FormStr) -> Response:
    check_form_csrf(request, csrf_token)
    service.revoke_api_token(db, actor=user.actor, token_id=token_id, user_id=user.user_id)
    return RedirectResponse("/account", status_code=303)


def _admin_page(request: Request, db: Db, **extra: Any) -> Response:
    return page(request, "admin.html", users=service.list_users(db),
                agencies=service.list_agencies(db), roles=list(Role),
                kinds=list(AgencyKind), **extra)


@router.get("/admin")
def admin(request: Request, db: Db, user: CurrentUser) -> Response:
    require(user, Permission.MANAGE_ACCOUNTS)
    return _admin_page(request, db)


@router.post("/admin/agencies")
def admin_create_agency(
    request: Request, db: Db, user: CurrentUser, csrf_token: FormStr, ori: FormStr,
    name: FormStr, kind: FormStr, country: FormStr, state: OptForm = None,
) -> Response:
    require(user, Permission.MANAGE_ACCOUNTS)
    check_form_csrf(request, csrf_token)
    try:
        service.create_agency(db, actor=user.actor, ori=ori, name=name, kind=kind,
                              country=country, state=state or None)
    except (ArmsFlowError, ValueError) as exc:
        db.rollback()
        return _admin_page(request, db, agency_error=str(exc), status_code=422)
    return RedirectResponse("/admin#agencies", status_code=303)


@router.post("/admin/users")
async def admin_create_user(request: Request, db: Db, user: CurrentUser) -> Response:
    require(user, Permission.MANAGE_ACCOUNTS)
    form = await request.form()
    check_form_csrf(request, str(form.get("csrf_token", "")))
    try:
        service.create_user(
            db, actor=user.actor, username=str(form.get("username", "")),
            password=str(form.get("password", "")), full_name=str(form.get("full_name", "")),
            agency_ori=str(form.get("agency_ori", "")),
            roles=[str(r) for r in form.getlist("roles")],
            email=str(form.get("email") or "") or None,
            language=str(form.get("language", "en")),
        )
    except (ArmsFlowError, ValueError) as exc:
        db.rollback()
        return _admin_page(request, db, user_error=str(exc), status_code=422)
    return RedirectResponse("/admin#users", status_code=303)


@router.post("/admin/users/{user_id}/active")
def admin_set_active(request: Request, db: Db, user: CurrentUser, user_id: int,
                     csrf_token: FormStr, active: FormStr) -> Response:
    require(user, Permission.MANAGE_ACCOUNTS)
    check_form_csrf(request, csrf_token)
    service.set_user_active(db, actor=user.actor, user_id=user_id, active=active == "1")
    return RedirectResponse("/admin#users", status_code=303)
