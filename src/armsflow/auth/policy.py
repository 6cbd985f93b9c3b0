"""The one place that decides what a caller may do and see.

Tracing must not become a registry of gun owners (DOMAIN.md §1): personal data of purchasers
and possessors goes only to users whose role needs it, in domestic law-enforcement agencies.
Foreign agencies see personal data only through their own traces (decided by the tracing
feature through ``may_read_trace_personal_data``), never by searching the registry.
"""

from __future__ import annotations

from enum import StrEnum

from armsflow.auth.principal import Principal
from armsflow.auth.roles import AgencyKind, Role
from armsflow.errors import Forbidden


class Permission(StrEnum):
    READ_REGISTRY = "read_registry"
    READ_PERSONAL_DATA = "read_personal_data"
    IMPORT_RECORDS = "import_records"
    MANAGE_ACCOUNTS = "manage_accounts"
    READ_AUDIT = "read_audit"
    SUBMIT_TRACES = "submit_traces"
    READ_ANALYTICS = "read_analytics"
    WORK_LEADS = "work_leads"
    MANAGE_CASES = "manage_cases"
    SUPERVISE_CASES = "supervise_cases"
    MONITOR_COORDINATION = "monitor_coordination"


DOMESTIC = frozenset({AgencyKind.FEDERAL, AgencyKind.STATE, AgencyKind.LOCAL, AgencyKind.TRIBAL})

# Which roles grant which permission. Agency conditions are applied in ``allowed`` below.
GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.READ_REGISTRY: frozenset(
        {Role.INVESTIGATOR, Role.ANALYST, Role.REQUESTER, Role.EXPORT_OFFICER, Role.ADMINISTRATOR}
    ),
    Permission.READ_PERSONAL_DATA: frozenset({Role.INVESTIGATOR, Role.ANALYST}),
    Permission.IMPORT_RECORDS: frozenset({Role.ANALYST, Role.ADMINISTRATOR}),
    Permission.MANAGE_ACCOUNTS: frozenset({Role.ADMINISTRATOR}),
    Permission.READ_AUDIT: frozenset({Role.ADMINISTRATOR}),
    Permission.SUBMIT_TRACES: frozenset({Role.REQUESTER, Role.INVESTIGATOR, Role.ANALYST}),
    # Aggregate statistics hold no personal data; drill-down to traces checks may_read_trace.
    Permission.READ_ANALYTICS: frozenset(
        {Role.INVESTIGATOR, Role.ANALYST, Role.REQUESTER, Role.EXPORT_OFFICER, Role.ADMINISTRATOR,
         Role.SUPERVISOR}
    ),
    # Leads name purchasers: domestic investigators and analysts only (see DOMESTIC_ONLY).
    Permission.WORK_LEADS: frozenset({Role.INVESTIGATOR, Role.ANALYST}),
    # Cases: visible to their own agency and those it shares them with (armsflow.cases).
    Permission.MANAGE_CASES: frozenset({Role.INVESTIGATOR, Role.ANALYST, Role.SUPERVISOR}),
    Permission.SUPERVISE_CASES: frozenset({Role.SUPERVISOR}),
    Permission.MONITOR_COORDINATION: frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR}),
}

# Permissions a foreign agency's users never get, whatever their role.
DOMESTIC_ONLY = frozenset(
    {Permission.READ_PERSONAL_DATA, Permission.IMPORT_RECORDS, Permission.WORK_LEADS}
)


def allowed(principal: Principal, permission: Permission) -> bool:
    """True when the caller holds ``permission``."""
    if not principal.roles & GRANTS[permission]:
        return False
    return not (permission in DOMESTIC_ONLY and principal.agency_kind not in DOMESTIC)


def require(principal: Principal, permission: Permission) -> None:
    """Raise Forbidden unless the caller holds ``permission``."""
    if not allowed(principal, permission):
        raise Forbidden(f"your account may not {permission.value.replace('_', ' ')}")


def may_read_trace_personal_data(
    principal: Principal, requesting_agency_id: int, partners: frozenset[int] = frozenset()
) -> bool:
    """Purchaser and possessor data in a trace: only users who may submit traces, in the
    requesting agency or in an agency that has a mutual collective-data-sharing agreement
    with it (``partners``, loaded by the tracing feature). Nobody else, however senior."""
    if not allowed(principal, Permission.SUBMIT_TRACES):
        return False
    return principal.agency_id == requesting_agency_id or principal.agency_id in partners

def may_read_trace(
    principal: Principal, requesting_agency_id: int, partners: frozenset[int] = frozenset()
) -> bool:
    """A trace's result without personal data: the requesting agency, agencies with a
    mutual collective-data-sharing agreement with it (``partners``), and domestic users
    entitled to registry personal data (tracing-centre analysts and investigators)."""
    if may_read_trace_personal_data(principal, requesting_agency_id, partners):
        return True
    return allowed(principal, Permission.READ_PERSONAL_DATA)
