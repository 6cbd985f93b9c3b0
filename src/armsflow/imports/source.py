"""Reading an import file in chunks: CSV (comma, tab or pipe) or Parquet.

The file is read twice. A first binary pass computes its SHA-256 and decides the text
encoding (UTF-8, with or without BOM, else latin-1) before a single row is interpreted,
so a stray latin-1 byte on row 900,000 cannot turn a half-read file into a different
decoding. The second pass streams ``chunk_rows`` rows at a time, column by column.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

PARQUET_MAGIC = b"PAR1"
CSV_FIELD_LIMIT = 1 << 20
_BLOCK = 1 << 20

Progress = Callable[[int, int], None]


class SourceError(Exception):
    """The file cannot be read as a table at all (reported as a row-1 error)."""


@dataclass(frozen=True)
class FileScan:
    """What the first pass learnt: size, digest, format and text encoding."""

    size: int
    sha256: str
    format: Literal["csv", "parquet"]
    encoding: str  # "utf-8-sig", "utf-8" or "latin-1" ("binary" for Parquet)


def scan_file(path: Path) -> FileScan:
    """Hash the file and find its encoding in one pass over its bytes."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    size = 0
    head = b""
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            if not head:
                head = block[:4]
            size += len(block)
            digest.update(block)
            if utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if head == PARQUET_MAGIC:
        return FileScan(size, digest.hexdigest(), "parquet", "binary")
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig" if utf8 else "latin-1"
    else:
        encoding = "utf-8" if utf8 else "latin-1"
    return FileScan(size, digest.hexdigest(), "csv", encoding)


@dataclass
class Chunk:
    """Up to ``chunk_rows`` well-formed rows: their row numbers and their cells by column.

    ``columns`` maps each wanted column name to one string per row (empty for absent
    cells). ``bad_rows`` are rows that could not be split into the header's columns.
    """

    rows: list[int]
    columns: dict[str, Sequence[str]]
    bad_rows: list[tuple[int, str]] = field(default_factory=list)


class TableReader:
    """Common interface of the CSV and Parquet readers."""

    header: list[str]
    delimiter: str | None = None
    rows_read: int = 0

    def chunks(self, wanted: dict[str, int], chunk_rows: int) -> Iterator[Chunk]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def open_table(path: Path, scan: FileScan, progress: Progress | None) -> TableReader:
    if scan.format == "parquet":
        return ParquetReader(path, progress)
    return CsvReader(path, scan, progress)


def sniff_delimiter(line: str) -> str:
    """The most frequent of tab, pipe and comma in the header line (comma when none)."""
    counts = {d: line.count(d) for d in ("\t", "|", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvReader(TableReader):
    """Comma files are read with standard quoting; tab and pipe files (the ATF list
    layouts) without quoting, since they quote nothing and a name such as ``6" BARREL``
    must not open a quoted field."""

    def __init__(self, path: Path, scan: FileScan, progress: Progress | None) -> None:
        csv.field_size_limit(CSV_FIELD_LIMIT)
        self._raw = path.open("rb")
        self._text = io.TextIOWrapper(self._raw, encoding=scan.encoding, newline="")
        self._size = scan.size
        self._progress = progress
        first = self._text.readline(CSV_FIELD_LIMIT)  # bounded, even for a binary file
        self.delimiter = sniff_delimiter(first)
        lines = itertools.chain([first], self._text)
        if self.delimiter == ",":
            self._reader = csv.reader(lines, delimiter=",", quoting=csv.QUOTE_MINIMAL)
        else:
            self._reader = csv.reader(lines, delimiter=self.delimiter, quoting=csv.QUOTE_NONE)
        self.header = next(self._reader, [])
        self._row = 1

    def _records(self) -> Iterator[list[str] | str]:
        """Each record as its fields, or the reason it could not be split."""
        while True:
            try:
                yield next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield f"unreadable CSV record: {exc}"

    def chunks(self, wanted: dict[str, int], chunk_rows: int) -> Iterator[Chunk]:
        width = len(self.header)
        records = self._records()
        while True:
            good: list[list[str]] = []
            rows: list[int] = []
            bad: list[tuple[int, str]] = []
            for record in itertools.islice(records, chunk_rows):
                self._row += 1
                if type(record) is list and len(record) == width and record[0]:
                    good.append(record)
                    rows.append(self._row)
                else:
                    self._odd_record(record, width, good, rows, bad)
            if not good and not bad:
                break
            self.rows_read += len(good) + len(bad)
            columns = _transpose(good, wanted)
            good = []  # the columns hold the cells now
            if self._progress:
                self._progress(min(self._raw.tell(), self._size), self._size)
            yield Chunk(rows, columns, bad)
        if self._progress:
            self._progress(self._size, self._size)

    def _odd_record(
        self,
        record: list[str] | str,
        width: int,
        good: list[list[str]],
        rows: list[int],
        bad: list[tuple[int, str]],
    ) -> None:
        """The slow path: unreadable, blank, short or long records."""
        if isinstance(record, str):
            bad.append((self._row, record))
        elif not any(record):
            return  # a blank line, or one of empty cells only
        elif len(record) == width:
            good.append(record)
            rows.append(self._row)
        else:
            bad.append((self._row, f"{len(record)} fields; the header has {width}"))

    def close(self) -> None:
        self._text.close()


def _transpose(records: list[list[str]], wanted: dict[str, int]) -> dict[str, Sequence[str]]:
    """Rows to columns in one C-level pass (``zip``)."""
    if not records:
        return {name: () for name in wanted}
    columns = list(zip(*records, strict=True))
    return {name: columns[i] for name, i in wanted.items()}


class ParquetReader(TableReader):
    """Record batches of the wanted columns only, cast to text (dates as YYYY-MM-DD)."""

    def __init__(self, path: Path, progress: Progress | None) -> None:
        import pyarrow.parquet as pq

        try:
            self._file = pq.ParquetFile(path)
            self.header = list(self._file.schema_arrow.names)
        except Exception as exc:
            raise SourceError(f"not a readable Parquet file: {exc}") from exc
        self._total = self._file.metadata.num_rows
        self._progress = progress

    def chunks(self, wanted: dict[str, int], chunk_rows: int) -> Iterator[Chunk]:
        import pyarrow as pa
        import pyarrow.compute as pc

        names = {i: name for name, i in wanted.items()}
        source_columns = [self.header[i] for i in sorted(names)]
        row = 1
        for batch in self._batches(chunk_rows, source_columns):
            columns: dict[str, Sequence[str]] = {}
            for i in sorted(names):
                col = batch.column(self.header[i])
                try:
                    if not pa.types.is_string(col.type) and not pa.types.is_large_string(
                        col.type
                    ):
                        col = pc.cast(col, pa.string())
                    columns[names[i]] = pc.fill_null(col, "").to_pylist()
                except (pa.ArrowException, ValueError) as exc:
                    raise SourceError(
                        f"column {names[i]} ({col.type}) cannot be read as text: {exc}"
                    ) from exc
            rows = list(range(row + 1, row + 1 + batch.num_rows))
            row += batch.num_rows
            self.rows_read += batch.num_rows
            if self._progress:
                self._progress(self.rows_read, self._total)
            yield Chunk(rows, columns)

    def _batches(self, chunk_rows: int, columns: list[str]) -> Iterator[Any]:
        try:
            yield from self._file.iter_batches(batch_size=chunk_rows, columns=columns)
        except OSError as exc:
            raise SourceError(f"Parquet file cannot be read: {exc}") from exc

    def close(self) -> None:
        self._file.close()
