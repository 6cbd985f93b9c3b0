"""The platform's controlled vocabulary: places and firearm terms.

Every feature imports these words from here instead of keeping its own copy, so a
spelling fixed once (a caliber alias, a maker's new name) is fixed everywhere. Tables
that analysts may extend are data files under ``vocab/data``.
"""

from armsflow.vocab.firearms import (
    NCIC_TYPES,
    ItemKind,
    MakerName,
    atf_category,
    is_handgun,
    is_long_gun,
    normalize_manufacturer,
    parse_caliber,
    parse_ncic_type,
)
from armsflow.vocab.places import (
    COUNTRIES,
    MX_STATES,
    US_STATES,
    country_code,
    mx_state_code,
    us_state_code,
)

__all__ = [
    "COUNTRIES",
    "MX_STATES",
    "NCIC_TYPES",
    "US_STATES",
    "ItemKind",
    "MakerName",
    "atf_category",
    "country_code",
    "is_handgun",
    "is_long_gun",
    "mx_state_code",
    "normalize_manufacturer",
    "parse_caliber",
    "parse_ncic_type",
    "us_state_code",
]
