"""Text folding and data-file loading shared by the vocabulary modules.

Names arrive typed by hand in two languages ("México", "Mexico", "MEXICO", "Nuevo Leon"),
so every vocabulary compares a *folded* form: no accents, no case, no punctuation. Doing
it in one place guarantees that a table entry and an input fold the same way.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from importlib.resources import files

_JOINERS = str.maketrans("", "", ".'’`´")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


# Letters that NFKD does not decompose into a base letter plus a mark.
# fmt: off
_TRANSLIT = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d",
     "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "þ": "th", "Þ": "TH"}
)
# fmt: on


def strip_accents(text: str) -> str:
    """``"Querétaro"`` -> ``"Queretaro"``, ``"Sarsılmaz"`` -> ``"Sarsilmaz"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, accent-free, ``&`` as ``and``, punctuation as single spaces.

    Periods and apostrophes join rather than split, so ``"U.S."`` folds like ``"US"``
    and ``"D.F."`` like ``"DF"``.
    """
    text = strip_accents(text).casefold().replace("&", " and ").translate(_JOINERS)
    return _NON_ALNUM.sub(" ", text).strip()


def read_data_csv(name: str) -> list[dict[str, str]]:
    """Rows of ``armsflow/vocab/data/<name>``; lines starting with ``#`` are comments.

    Comments let the data files carry their sources and their "(check)" notes.
    """
    text = files("armsflow.vocab").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def split_aliases(value: str) -> list[str]:
    """``"A|B| C"`` -> ``["A", "B", "C"]`` (empty parts dropped)."""
    return [part.strip() for part in value.split("|") if part.strip()]
