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


def is_control(ch: str) -> bool:
    """C0 and C1 control characters and DEL (tab excluded)."""
    code = ord(ch)
    return (code < 32 and ch != "\t") or 0x7F <= code <= 0x9F


def no_controls(value: str) -> str:
    """A Pydantic ``AfterValidator``: refuse text with control characters."""
    if any(is_control(ch) for ch in value):
        raise ValueError("must not contain control characters")
    return value
