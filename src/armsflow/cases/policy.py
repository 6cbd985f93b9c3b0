"""Who may see and change cases and hits: the ONE place these decisions are made.

Built on :mod:`armsflow.auth.policy` (permission ``MANAGE_CASES``, ``SUPERVISE_CASES``).
A case is visible only to users of its own agency and of the agencies it is explicitly
shared with; only its own agency changes it or shares it. A deconfliction hit is visible
to the agencies of its two parties, each of which sees its own side and the other side's
point of contact (name, agency, phone, e-mail), never the other side's case.
Tested as a matrix of roles x agencies x endpoints (tests/cases/test_cases_authorization.py).
"""

from __future__ import annotations

from collections.abc import Collection

from armsflow.auth.policy import Permission, allowed
from armsflow.auth.principal import Principal
from armsflow.errors import Forbidden, NotFound


def may_use_cases(principal: Principal) -> bool:
    return allowed(principal, Permission.MANAGE_CASES)


def may_read_case(principal: Principal, owner_agency_id: int,
                  shared_with: Collection[int]) -> bool:
    """The case's details (title, offense, identifiers, sharing)."""
    if not may_use_cases(principal):
        return False
    return principal.agency_id == owner_agency_id or principal.agency_id in shared_with


def may_change_case(principal: Principal, owner_agency_id: int) -> bool:
    """Add identifiers, change status, share or stop sharing: the owning agency only."""
    return may_use_cases(principal) and principal.agency_id == owner_agency_id


def may_see_hit(principal: Principal, party_agency_ids: Collection[int]) -> bool:
    return may_use_cases(principal) and principal.agency_id in party_agency_ids


def may_supervise(principal: Principal) -> bool:
    return allowed(principal, Permission.SUPERVISE_CASES)


def check_read_case(principal: Principal, owner_agency_id: int,
                    shared_with: Collection[int]) -> None:
    """NotFound (not Forbidden) for other agencies: a case's existence is not disclosed."""
    if not may_use_cases(principal):
        raise Forbidden("your account may not manage cases")
    if not may_read_case(principal, owner_agency_id, shared_with):
        raise NotFound("no such case")


def check_change_case(principal: Principal, owner_agency_id: int,
                      shared_with: Collection[int]) -> None:
    check_read_case(principal, owner_agency_id, shared_with)
    if not may_change_case(principal, owner_agency_id):
        raise Forbidden("only the agency that registered the case may change it")


def require_cases(principal: Principal) -> None:
    if not may_use_cases(principal):
        raise Forbidden("your account may not manage cases")
