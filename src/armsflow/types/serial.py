"""Firearm serial numbers: the exact match key, and placeholders that mean "no serial".

A serial is written down by hand at a crime scene, typed into eTrace, printed in an A&D
book and exported by a manufacturer, each with its own spacing, dashes and case. The key
built here removes exactly those differences and nothing else, so that two records of the
same stamped marking compare equal with a plain ``==`` (and an index lookup).

Why O/0 and I/1 (and S/5, B/8, ...) are NOT folded together here: the key must keep what
was recorded. Folding would merge serials that really differ (makers use letter prefixes
such as ``O``-series and ``I``-series next to digits), so an exact-match hit could point
at the wrong gun, and the error could not be explained afterwards. Misreads are a
*fuzzy-matching* concern: a later matcher compares keys with a confusion-aware distance,
scores the candidates and records why it matched. NCIC's own inquiry rule (treat letter O
as zero) is applied there too, as a search expansion rather than a change to stored data.
"""

from __future__ import annotations

import re
import string
import unicodedata

from armsflow.types.errors import InvalidValue

MAX_SERIAL_LENGTH = 40

_FIELD = "serial_number"
# Everything that is not a letter or digit is a separator to drop.
_DROP = str.maketrans("", "", string.punctuation + string.whitespace)
_NON_KEY = re.compile(r"[^A-Z0-9]+")

# Keys (after the same cleaning) recorded where there is no usable serial. English and
# Spanish, since Mexican recoveries arrive through Form 3312.1(S).
# fmt: off
_PLACEHOLDER_KEYS = frozenset(
    {
        "NONE", "NA", "NOTAVAILABLE", "NOTAPPLICABLE", "UNK", "UNKN", "UNKNOWN", "NULL",
        "NIL", "BLANK", "MISSING", "NOSERIAL", "NOSERIALNUMBER", "NOSERIALNO", "NOSN",
        "NOSER", "NSN", "SN", "NOTLEGIBLE", "ILLEGIBLE", "UNREADABLE", "OBLITERATED",
        "OBLIT", "DEFACED", "REMOVED", "GROUNDOFF", "FILEDOFF", "SINNUMERO",
        "SINNUMERODESERIE", "SINSERIE", "SINMATRICULA", "SINDATOS", "NOVISIBLE",
        "ILEGIBLE", "BORRADO", "LIMADO", "DESCONOCIDO", "NOTIENE", "PMF", "GHOST",
    }
)
# fmt: on
# Filler typed to get past a required field: all zeros or all X.
_FILLER = re.compile(r"^(?:0+|X+)$")


def _first_bad_character(text: str) -> str | None:
    for ch in text:
        if not (" " <= ch <= "~" or ch == "\t"):
            return ch
    return None


def normalize_serial(raw: str) -> str:
    """Return the exact-match key of a serial: uppercase ``A-Z0-9`` only.

    Raises :class:`InvalidValue` (field ``serial_number``) when the text holds characters
    outside printable ASCII (a sign of a mis-decoded file or a pasted description rather
    than a serial), is empty after cleaning, or is longer than 40 characters.

    Not cached: serials are close to unique across an import, so a cache would only add
    hashing and eviction work to a function that already costs well under a microsecond.
    """
    text = raw.strip()
    if not text.isascii() or not text.replace("\t", " ").isprintable():
        bad = _first_bad_character(text) or "?"
        raise InvalidValue(
            _FIELD,
            f"character {bad!r} (U+{ord(bad):04X}) is not a letter, digit or separator; "
            "serial numbers are recorded in ASCII letters and digits",
        )
    key = text.translate(_DROP).upper()
    if not key:
        raise InvalidValue(_FIELD, f"{raw!r} has no letters or digits")
    if len(key) > MAX_SERIAL_LENGTH:
        raise InvalidValue(
            _FIELD, f"{len(key)} characters after cleaning; the limit is {MAX_SERIAL_LENGTH}"
        )
    return key


def is_placeholder_serial(raw: str) -> bool:
    """True when the text stands for "no usable serial" rather than a serial.

    Such values must not be matched against each other (every "NONE" would link to every
    other "NONE"); the trace instead takes the no-serial or obliterated-serial path. Never
    raises: accents and odd characters are folded away before comparing.
    """
    folded = unicodedata.normalize("NFKD", raw)
    key = _NON_KEY.sub("", folded.encode("ascii", "ignore").decode("ascii").upper())
    return not key or key in _PLACEHOLDER_KEYS or bool(_FILLER.match(key))
