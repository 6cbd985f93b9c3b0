"""API shapes for accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from armsflow.auth.roles import AgencyKind, Role


def _no_controls(value: str) -> str:
    if any(ord(ch) < 32 for ch in value):
        raise ValueError("must not contain control characters")
    return value


Text = Annotated[str, AfterValidator(_no_controls)]


class AgencyCreate(BaseModel):
    ori: Text = Field(min_length=9, max_length=9, description="NCIC Originating Agency Identifier")
    name: Text = Field(min_length=1, max_length=200)
    kind: AgencyKind
    country: Text = Field(min_length=2, max_length=60)
    state: Text | None = Field(default=None, max_length=3)


class AgencyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ori: str
    name: str
    kind: str
    country: str
    state: str | None
    active: bool


class UserCreate(BaseModel):
    username: Text = Field(min_length=2, max_length=64)
    password: Text = Field(min_length=10, max_length=200)
    full_name: Text = Field(min_length=1, max_length=200)
    agency_ori: Text = Field(min_length=9, max_length=9)
    roles: list[Role] = Field(min_length=1)
    email: Text | None = Field(default=None, max_length=254)
    language: Text = Field(default="en", pattern="^(en|es)$")


class UserRead(BaseModel):
    id: int
    username: str
    full_name: str
    email: str | None
    agency_ori: str
    roles: list[str]
    language: str
    active: bool
    last_login_at: datetime | None


class Me(BaseModel):
    username: str
    full_name: str
    agency_ori: str
    agency_name: str
    agency_kind: str
    roles: list[str]
    permissions: list[str]
    language: str


class TokenCreate(BaseModel):
    name: Text = Field(min_length=1, max_length=100)
    days: int | None = Field(default=90, ge=1, le=3650)


class TokenCreated(BaseModel):
    id: int
    name: str
    token: Text = Field(description="Shown once; store it safely.")
    expires_at: datetime | None


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
