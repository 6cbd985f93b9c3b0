"""Node kinds and node ids (pure). An id is ``<kind>:<key>``; see the package docstring."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import IntEnum

from armsflow.errors import InvalidInput


class Kind(IntEnum):
    """Node kinds; the value is the code kept in the graph's arrays."""

    PERSON = 0
    ADDRESS = 1
    PHONE = 2
    LICENSEE = 3
    FIREARM = 4
    RECOVERY = 5
    TRACE = 6

    @property
    def label(self) -> str:
        return self.name.lower()


KINDS = tuple(k.label for k in Kind)
_BY_LABEL = {k.label: k for k in Kind}
_KEY = re.compile(r"[A-Za-z0-9#-]{1,40}")


def node_id(kind: Kind, key: str | int) -> str:
    return f"{kind.label}:{key}"


def parse(text: str) -> tuple[Kind, str]:
    """``"firearm:12"`` -> ``(Kind.FIREARM, "12")``; anything else is refused with the reason."""
    kind_text, sep, key = text.strip().partition(":")
    kind = _BY_LABEL.get(kind_text.lower())
    if not sep or kind is None:
        raise InvalidInput(
            f"node: {text[:60]!r} is not a node id; use <kind>:<key> with kind one of "
            f"{', '.join(KINDS)}", field="node")
    if not _KEY.fullmatch(key):
        raise InvalidInput(f"node: {text[:60]!r} has a malformed key", field="node")
    return kind, key


def parse_kinds(text: str | None) -> frozenset[Kind]:
    """A comma-separated list of kinds (empty or None: every kind)."""
    if not text:
        return frozenset(Kind)
    out = set()
    for part in text.split(","):
        kind = _BY_LABEL.get(part.strip().lower())
        if kind is None:
            raise InvalidInput(f"kinds: {part.strip()[:30]!r} is not one of {', '.join(KINDS)}",
                               field="kinds")
        out.add(kind)
    return frozenset(out)


_BLANK = {c: " " for c in range(128) if not chr(c).isalnum()}


def _plain(part: str | None) -> str:
    """Upper case ASCII letters and digits, runs of anything else as one space."""
    folded = unicodedata.normalize("NFKD", (part or "").upper())
    text = folded.encode("ascii", "ignore").decode().translate(_BLANK)
    return " ".join(text.split())


def address_key(street: str | None, city: str | None, state: str | None,
                zip_code: str | None) -> str | None:
    """Key of a normalised postal address; None when there is no street (no useful link)."""
    if not street or not street.strip():
        return None
    text = "|".join((_plain(street), _plain(city), _plain(state), _plain((zip_code or "")[:5])))
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def phone_key(phone: str | None) -> str | None:
    """Digits of a phone number (US numbers without the leading 1); None when too short."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if len(digits) >= 7 else None
