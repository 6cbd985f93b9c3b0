"""The caller as every service sees it: who, in which agency, with which roles."""

from __future__ import annotations

from dataclasses import dataclass

from armsflow.audit.service import Actor


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    full_name: str
    agency_id: int
    agency_ori: str
    agency_name: str
    agency_kind: str
    agency_country: str
    roles: frozenset[str]
    language: str = "en"
    ip: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(
            user_id=self.user_id, username=self.username, agency_ori=self.agency_ori, ip=self.ip
        )
