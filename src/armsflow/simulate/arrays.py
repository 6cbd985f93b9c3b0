"""Array aliases and the vectorised text helpers every table builder uses.

Row tables are built as Arrow arrays: strings are taken from small pools through
dictionary arrays (no per-row Python objects), numbers are formatted through fixed-width
byte matrices, dates are Arrow ``date32`` (written as YYYY-MM-DD).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

EPOCH = date(1970, 1, 1).toordinal()
LETTERS = np.frombuffer(b"ABCDEFGHJKLMNPRSTUVWXYZ", dtype=np.uint8)
DIGITS = np.frombuffer(b"0123456789", dtype=np.uint8)


def day_number(value: date) -> int:
    """Days since 1970-01-01 (Arrow's date32)."""
    return value.toordinal() - EPOCH


def day_date(value: int) -> date:
    return date.fromordinal(int(value) + EPOCH)


def ints(values: Any) -> Ints:
    return np.asarray(values, dtype=np.int64)


def pattern_capacity(pattern: str) -> int:
    """How many distinct values a serial pattern (L letter, D digit) can hold."""
    cap = 1
    for ch in pattern:
        cap *= len(LETTERS) if ch == "L" else 10 if ch == "D" else 1
    return cap


def pattern_strings(values: Ints, pattern: str) -> pa.Array:
    """Format each value in ``pattern``: ``L`` a letter, ``D`` a digit, others literal."""
    width = len(pattern)
    out = np.empty((len(values), width), dtype=np.uint8)
    rest = values.astype(np.int64, copy=True)
    for pos in range(width - 1, -1, -1):
        ch = pattern[pos]
        if ch == "D":
            out[:, pos] = DIGITS[rest % 10]
            rest //= 10
        elif ch == "L":
            out[:, pos] = LETTERS[rest % len(LETTERS)]
            rest //= len(LETTERS)
        else:
            out[:, pos] = ord(ch)
    return bytes_to_strings(out)


def bytes_to_strings(matrix: npt.NDArray[np.uint8]) -> pa.Array:
    """Rows of an ASCII byte matrix as an Arrow string array."""
    width = matrix.shape[1]
    flat = np.ascontiguousarray(matrix).view(f"S{width}").ravel()
    return pa.array(flat, type=pa.binary(width)).cast(pa.string())


def padded(prefix: str, numbers: Ints, width: int) -> pa.Array:
    """``prefix`` + the number zero-padded to ``width`` digits (e.g. P000012345)."""
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    out = np.empty((len(numbers), len(head) + width), dtype=np.uint8)
    out[:, : len(head)] = head
    rest = numbers.astype(np.int64, copy=True)
    for pos in range(len(head) + width - 1, len(head) - 1, -1):
        out[:, pos] = DIGITS[rest % 10]
        rest //= 10
    return bytes_to_strings(out)


def pool(values: list[str] | tuple[str, ...]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def coded(indices: Ints, values: pa.Array) -> pa.Array:
    """A dictionary array: ``values[indices]`` without materialising the strings."""
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(np.int32)), values)


def dates(days: Ints, valid: Bools | None = None) -> pa.Array:
    """Day numbers as Arrow date32; positions not ``valid`` are null (written empty)."""
    mask = None if valid is None else ~valid
    return pa.array(days.astype(np.int32), type=pa.int32(), mask=mask).cast(pa.date32())
