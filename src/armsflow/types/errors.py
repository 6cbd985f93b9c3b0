"""Errors raised by value-type parsers.

Import jobs run over millions of rows and must tell the user *which* field of a row was
wrong and *why*, in words they can act on. A bare ``ValueError("bad value")`` cannot be
routed back to a column, so every parser in :mod:`armsflow.types` and
:mod:`armsflow.vocab` raises :class:`InvalidValue`, which names the field it was parsing.
The import layer adds the row number; the API layer maps it to HTTP 422.
"""

from __future__ import annotations


class InvalidValue(ValueError):
    """A value that does not parse as the type its field requires.

    ``field`` is a dotted path the user recognises (``"ffl.district"``, ``"serial_number"``,
    ``"caliber"``); ``reason`` says what is wrong and, where it helps, what would be right.
    It stays a :class:`ValueError` so that pydantic validators turn it into a normal
    validation error without extra glue.
    """

    field: str
    reason: str

    def __init__(self, field: str, reason: str) -> None:
        # Passing both to the base class keeps ``args`` complete, so the exception
        # pickles (multiprocessing import workers) and re-raises with the same content.
        super().__init__(field, reason)
        self.field = field
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"
