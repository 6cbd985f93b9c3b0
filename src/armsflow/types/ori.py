"""NCIC Originating Agency Identifiers (ORI).

The ORI names the requesting agency on every trace request (ATF Form 3312.1) and decides
who may see the result, so it is validated before anything is stored under it.

The rule is deliberately simple and documented rather than exhaustive:

* 9 characters, uppercase letters and digits, after trimming surrounding whitespace
  (lower case is accepted and upper-cased);
* the first two characters are either a US state/territory postal code (``VA``, ``DC``,
  ``PR`` ...), which is how NCIC builds domestic ORIs, or an ISO 3166-1 alpha-2 country
  code, which covers the foreign agencies (Mexico, Central America, Caribbean) that
  submit traces through eTrace.

NCIC's own state-and-country code table has prefixes outside both lists (Canadian
provinces, NCIC-specific country codes). When one of those turns up in real data, widen
:data:`EXTRA_ORI_PREFIXES` rather than loosening the format check.
"""

from __future__ import annotations

import re
from functools import lru_cache

from armsflow.types.errors import InvalidValue
from armsflow.vocab.places import COUNTRIES, US_STATES

ORI_LENGTH = 9

# Prefixes accepted in addition to US postal codes and ISO alpha-2 codes. Empty until
# real data needs one; see the module docstring.
EXTRA_ORI_PREFIXES: frozenset[str] = frozenset()

_ORI_SHAPE = re.compile(r"[A-Z]{2}[A-Z0-9]{7}")


@lru_cache(maxsize=16_384)
def parse_ori(raw: str) -> str:
    """Return the ORI upper-cased, or raise ``InvalidValue(field="ori")``."""
    text = raw.strip().upper()
    if len(text) != ORI_LENGTH:
        raise InvalidValue("ori", f"{raw!r} has {len(text)} characters; an ORI has 9")
    if not (text.isascii() and _ORI_SHAPE.fullmatch(text)):
        raise InvalidValue("ori", f"{raw!r}: an ORI is 2 letters followed by 7 letters or digits")
    prefix = text[:2]
    if prefix not in US_STATES and prefix not in COUNTRIES and prefix not in EXTRA_ORI_PREFIXES:
        raise InvalidValue(
            "ori",
            f"{raw!r}: prefix {prefix!r} is not a US state/territory code or a country code",
        )
    return text
