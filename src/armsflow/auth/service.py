"""Accounts: agencies, users, login with throttling, web sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from armsflow.audit.service import Actor, record
from armsflow.auth.models import Agency, ApiToken, LoginAttempt, User, UserRole, WebSession
from armsflow.auth.passwords import DUMMY_HASH, hash_password, password_problem, verify_password
from armsflow.auth.principal import Principal
from armsflow.auth.roles import AgencyKind, Role
from armsflow.db.base import utcnow
from armsflow.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, TooManyAttempts
from armsflow.types.ori import parse_ori
from armsflow.types.text import clean_text
from armsflow.vocab.places import country_code, mx_state_code, us_state_code

TOKEN_PREFIX = "af_"  # noqa: S105 - a visible marker, not a secret


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def principal_of(user: User, ip: str | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        full_name=user.full_name,
        agency_id=user.agency.id,
        agency_ori=user.agency.ori,
        agency_name=user.agency.name,
        agency_kind=user.agency.kind,
        agency_country=user.agency.country,
        roles=user.roles,
        language=user.language,
        ip=ip,
    )


def create_agency(
    db: Session, *, actor: Actor, ori: str, name: str, kind: str, country: str,
    state: str | None = None,
) -> Agency:
    """Register an agency; the ORI is validated and must be new."""
    ori = parse_ori(ori)
    try:
        kind_value = AgencyKind(kind.lower())
    except ValueError:
        choices = ", ".join(k.value for k in AgencyKind)
        raise InvalidInput(f"kind: '{kind}' is not one of {choices}", field="kind") from None
    if not name.strip():
        raise InvalidInput("name: must not be empty", field="name")
    cc = country_code(country)
    name = clean_text(name, "name", max_length=200)
    state = _state_of(cc, state) if state else None
    if db.scalar(select(Agency).where(Agency.ori == ori)):
        raise Conflict(f"ori: an agency with ORI {ori} already exists", field="ori")
    agency = Agency(ori=ori, name=name.strip(), kind=kind_value.value, country=cc, state=state)
    db.add(agency)
    db.flush()
    record(db, actor=actor, action="create", object_type="agency", object_id=agency.id,
           detail={"ori": ori, "name": agency.name, "kind": agency.kind, "country": cc})
    return agency


def _state_of(country: str, state: str) -> str:
    if country == "US":
        return us_state_code(state)
    if country == "MX":
        return mx_state_code(state)
    return clean_text(state, "state", max_length=3).upper()


def get_agency_by_ori(db: Session, ori: str) -> Agency:
    agency = db.scalar(select(Agency).where(Agency.ori == ori.upper()))
    if agency is None:
        raise NotFound(f"agency: no agency with ORI {ori}", field="agency")
    return agency


def _parse_roles(roles: Sequence[str]) -> list[Role]:
    out: list[Role] = []
    for raw in roles:
        try:
            out.append(Role(raw.strip().lower()))
        except ValueError:
            choices = ", ".join(r.value for r in Role)
            raise InvalidInput(f"roles: '{raw}' is not one of {choices}", field="roles") from None
    if not out:
        raise InvalidInput("roles: give at least one role", field="roles")
    return sorted(set(out))


def create_user(
    db: Session, *, actor: Actor, username: str, password: str, full_name: str,
    agency_ori: str, roles: Sequence[str], email: str | None = None, language: str = "en",
) -> User:
    """Create a user in an agency with the given roles; the password is hashed with argon2."""
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise InvalidInput("username: letters, digits, '.', '_' and '-' only", field="username")
    if problem := password_problem(password):
        raise InvalidInput(f"password: {problem}", field="password")
    if language not in ("en", "es"):
        raise InvalidInput("language: en or es", field="language")
    full_name = clean_text(full_name, "full_name", max_length=200)
    if email is not None:
        email = clean_text(email, "email", max_length=254) or None
    role_values = _parse_roles(roles)
    agency = get_agency_by_ori(db, agency_ori)
    if db.scalar(select(User).where(User.username == username)):
        raise Conflict(f"username: '{username}' is taken", field="username")
    user = User(username=username, full_name=full_name.strip() or username, email=email,
                password_hash=hash_password(password), agency=agency, language=language,
                role_rows=[UserRole(role=r.value) for r in role_values])
    db.add(user)
    db.flush()
    record(db, actor=actor, action="create", object_type="user", object_id=user.id,
           detail={"username": username, "agency": agency.ori,
                   "roles": [r.value for r in role_values]})
    return user


def set_user_active(db: Session, *, actor: Actor, user_id: int, active: bool) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFound(f"user: no user {user_id}")
    user.active = active
    if not active:
        db.execute(delete(WebSession).where(WebSession.user_id == user.id))
    record(db, actor=actor, action="activate" if active else "deactivate",
           object_type="user", object_id=user.id)
    return user


def set_language(db: Session, *, actor: Actor, user_id: int, language: str) -> None:
    user = db.get(User, user_id)
    if user is not None and language in ("en", "es") and user.language != language:
        user.language = language
        record(db, actor=actor, action="update", object_type="user", object_id=user.id,
               detail={"language": language})


def list_users(db: Session) -> Sequence[User]:
    return db.scalars(select(User).order_by(User.username)).all()


def list_agencies(db: Session) -> Sequence[Agency]:
    return db.scalars(select(Agency).order_by(Agency.name)).all()


def _recent_failures(db: Session, username: str, window: timedelta) -> int:
    since = utcnow() - window
    last_ok = db.scalar(select(func.max(LoginAttempt.at)).where(
        LoginAttempt.username == username, LoginAttempt.success.is_(True)))
    if last_ok is not None and last_ok > since:
        since = last_ok
    return db.scalar(select(func.count()).where(
        LoginAttempt.username == username, LoginAttempt.success.is_(False),
        LoginAttempt.at > since)) or 0


def authenticate(
    db: Session, *, username: str, password: str, ip: str | None,
    max_failures: int, lockout: timedelta,
) -> User:
    """Check a password. After ``max_failures`` failures within ``lockout`` the account is
    refused until the window passes, whatever the password (throttling against guessing)."""
    username = username.strip().lower()
    if _recent_failures(db, username, lockout) >= max_failures:
        raise TooManyAttempts("too many failed logins: try again later")
    user = db.scalar(select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else DUMMY_HASH, password)
    ok = ok and user is not None and user.active and user.agency.active
    db.add(LoginAttempt(username=username, ip=ip, success=ok))
    actor = Actor(user.id if user else None, username, user.agency.ori if user else None, ip)
    record(db, actor=actor, action="login" if ok else "login_failed", object_type="user",
           object_id=user.id if user else None)
    if not ok or user is None:
        raise NotAuthenticated("wrong username or password")
    user.last_login_at = utcnow()
    return user


def open_session(db: Session, *, user: User, hours: int, ip: str | None) -> tuple[str, str]:
    """A new web session: returns (cookie token, CSRF token). Only the token's hash is kept."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    db.add(WebSession(token_hash=_digest(token), csrf_token=csrf, user_id=user.id,
                      expires_at=utcnow() + timedelta(hours=hours), ip=ip))
    return token, csrf


def resolve_session(db: Session, token: str) -> tuple[User, WebSession] | None:
    ws = db.scalar(select(WebSession).where(WebSession.token_hash == _digest(token)))
    if ws is None or ws.expires_at <= utcnow():
        return None
    user = db.get(User, ws.user_id)
    if user is None or not user.active or not user.agency.active:
        return None
    return user, ws


def close_session(db: Session, *, actor: Actor, token: str) -> None:
    db.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))
    record(db, actor=actor, action="logout", object_type="user", object_id=actor.user_id)


def create_api_token(
    db: Session, *, actor: Actor, user_id: int, name: str, days: int | None = 90,
) -> tuple[ApiToken, str]:
    """A bearer token for the API; the clear token is shown once and never stored."""
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires: datetime | None = utcnow() + timedelta(days=days) if days else None
    tok = ApiToken(user_id=user_id, name=name.strip() or "token", prefix=clear[:10],
                   token_hash=_digest(clear), expires_at=expires)
    db.add(tok)
    db.flush()
    record(db, actor=actor, action="create", object_type="api_token", object_id=tok.id,
           detail={"user_id": user_id, "name": tok.name})
    return tok, clear


def resolve_api_token(db: Session, clear: str) -> User | None:
    tok = db.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(clear)))
    now = utcnow()
    if tok is None or tok.revoked_at is not None or (tok.expires_at and tok.expires_at <= now):
        return None
    user = db.get(User, tok.user_id)
    if user is None or not user.active or not user.agency.active:
        return None
    tok.last_used_at = now
    return user


def revoke_api_token(db: Session, *, actor: Actor, token_id: int, user_id: int) -> None:
    tok = db.get(ApiToken, token_id)
    if tok is None or tok.user_id != user_id:
        raise NotFound(f"api token {token_id} not found")
    tok.revoked_at = utcnow()
    record(db, actor=actor, action="revoke", object_type="api_token", object_id=token_id)


def list_api_tokens(db: Session, user_id: int) -> Sequence[ApiToken]:
    return db.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                      .order_by(ApiToken.id.desc())).all()
