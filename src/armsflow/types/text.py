"""Free text from users: refuse control characters (PostgreSQL cannot store NUL, and no
field of ours has a use for C0 controls), trim surrounding space."""

from __future__ import annotations

from armsflow.types.errors import InvalidValue


def clean_text(value: str, field: str, *, max_length: int | None = None) -> str:
    """The trimmed text, or InvalidValue naming ``field``."""
    if any(ord(ch) < 32 and ch not in "\t" for ch in value):
        raise InvalidValue(field, "contains control characters")
    value = value.strip()
    if max_length is not None and len(value) > max_length:
        raise InvalidValue(field, f"longer than {max_length} characters")
    return value
