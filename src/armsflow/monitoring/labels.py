"""What the monitoring pages and the gaps report call vocabulary codes (``N_``-marked)."""

from __future__ import annotations


def N_(message: str) -> str:
    return message


ACTIVITIES = {
    "tecs_check": N_("TECS check of international firearms investigations"),
    "cms_check": N_("ATF case management system check"),
    "mou_training": N_("MOU training"),
    "midlevel_meeting": N_("Mid-level managers' meeting"),
    "foreign_post_meeting": N_("Foreign-post staff meeting"),
    "executive_meeting": N_("Executive meeting"),
}
EVERY = {"monthly": N_("monthly"), "quarterly": N_("quarterly"),
         "semiannual": N_("semi-annual"), "annual": N_("annual")}
GAPS = {
    "missed": N_("%(activity)s not held in %(period)s"),
    "one_sided": N_("%(activity)s on %(period)s did not have both agencies present"),
    "not_coordinated": N_("International firearms investigation %(case)s not coordinated"),
    "not_shared": N_("No information shared on investigation %(case)s"),
    "hits_late": N_("%(n)s deconfliction hits acknowledged late or not at all"),
    "cases_not_coordinated": N_(
        "%(n)s international firearms cases in ArmsFlow not coordinated"),
    "conflicts_unresolved": N_("%(n)s event conflicts unresolved"),
    "training_absent": N_("%(n)s people of %(agency)s invited to MOU training did not attend"),
}


def gap_text(gettext, code: str, detail: str) -> str:  # type: ignore[no-untyped-def]
    """One gap as a sentence in the caller's language (``gettext`` translates)."""
    template = gettext(GAPS[code])
    if code in {"missed", "one_sided"}:
        kind, period = detail.split("|", 1)
        return str(template % {"activity": gettext(ACTIVITIES[kind]), "period": period})
    if code in {"not_coordinated", "not_shared"}:
        return str(template % {"case": detail})
    if code == "training_absent":
        agency, n = detail.split("|", 1)
        return str(template % {"agency": agency, "n": n})
    return str(template % {"n": detail})
