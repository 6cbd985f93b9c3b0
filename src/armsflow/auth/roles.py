"""The vocabulary of access: agency kinds and user roles, defined once."""

from __future__ import annotations

from enum import StrEnum


class AgencyKind(StrEnum):
    """What kind of government body an agency is; foreign agencies see less (DOMAIN.md §1)."""

    FEDERAL = "federal"
    STATE = "state"
    LOCAL = "local"
    TRIBAL = "tribal"
    FOREIGN = "foreign"


class Role(StrEnum):
    """What a user does. A user may hold several roles."""

    REQUESTER = "requester"
    INVESTIGATOR = "investigator"
    ANALYST = "analyst"
    EXPORT_OFFICER = "export_officer"
    STOCKPILE_MANAGER = "stockpile_manager"
    ADMINISTRATOR = "administrator"
    SUPERVISOR = "supervisor"
