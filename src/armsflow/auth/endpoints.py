"""Accounts API: who am I, API tokens, agencies and users (administrators)."""

from __future__ import annotations

from fastapi import APIRouter, status

from armsflow.auth import service
from armsflow.auth.models import User
from armsflow.auth.policy import Permission, allowed, require
from armsflow.auth.schemas import (
    AgencyCreate,
    AgencyRead,
    Me,
    TokenCreate,
    TokenCreated,
    TokenRead,
    UserCreate,
    UserRead,
)
from armsflow.web.api_errors import COMMON_ERRORS, RecordId
from armsflow.web.deps import CurrentUser, Db

router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=COMMON_ERRORS)


def user_read(u: User) -> UserRead:
    return UserRead(id=u.id, username=u.username, full_name=u.full_name, email=u.email,
                    agency_ori=u.agency.ori, roles=sorted(u.roles), language=u.language,
                    active=u.active, last_login_at=u.last_login_at)


@router.get("/me", response_model=Me)
def me(user: CurrentUser) -> Me:
    """The caller, its agency, roles and what they allow."""
    return Me(username=user.username, full_name=user.full_name, agency_ori=user.agency_ori,
              agency_name=user.agency_name, agency_kind=user.agency_kind,
              roles=sorted(user.roles), language=user.language,
              permissions=sorted(p.value for p in Permission if allowed(user, p)))


@router.get("/tokens", response_model=list[TokenRead])
def list_tokens(db: Db, user: CurrentUser) -> list[TokenRead]:
    return [TokenRead.model_validate(t) for t in service.list_api_tokens(db, user.user_id)]


@router.post("/tokens", response_model=TokenCreated, status_code=status.HTTP_201_CREATED)
def create_token(db: Db, user: CurrentUser, body: TokenCreate) -> TokenCreated:
    """A new API token for the caller; the token is returned once."""
    tok, clear = service.create_api_token(db, actor=user.actor, user_id=user.user_id,
                                          name=body.name, days=body.days)
    return TokenCreated(id=tok.id, name=tok.name, token=clear, expires_at=tok.expires_at)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(db: Db, user: CurrentUser, token_id: RecordId) -> None:
    service.revoke_api_token(db, actor=user.actor, token_id=token_id, user_id=user.user_id)


@router.get("/agencies", response_model=list[AgencyRead])
def list_agencies(db: Db, user: CurrentUser) -> list[AgencyRead]:
    require(user, Permission.MANAGE_ACCOUNTS)
    return [AgencyRead.model_validate(a) for a in service.list_agencies(db)]


@router.post("/agencies", response_model=AgencyRead, status_code=status.HTTP_201_CREATED)
def create_agency(db: Db, user: CurrentUser, body: AgencyCreate) -> AgencyRead:
    require(user, Permission.MANAGE_ACCOUNTS)
    agency = service.create_agency(db, actor=user.actor, ori=body.ori, name=body.name,
                                   kind=body.kind.value, country=body.country, state=body.state)
    return AgencyRead.model_validate(agency)


@router.get("/users", response_model=list[UserRead])
def list_users(db: Db, user: CurrentUser) -> list[UserRead]:
    require(user, Permission.MANAGE_ACCOUNTS)
    return [user_read(u) for u in service.list_users(db)]


@router.post("/users", response_model=UserRead, status_code=status.HTTP_201_CREATED)
def create_user(db: Db, user: CurrentUser, body: UserCreate) -> UserRead:
    require(user, Permission.MANAGE_ACCOUNTS)
    created = service.create_user(
        db, actor=user.actor, username=body.username, password=body.password,
        full_name=body.full_name, agency_ori=body.agency_ori,
        roles=[r.value for r in body.roles], email=body.email, language=body.language)
    return user_read(created)
