"""Parse and write at the same time: the database work of chunk N runs on a second thread
while the calling thread parses chunk N+1.

Both drivers release the GIL while the database works (psycopg while it waits for the
server, sqlite3 while SQLite executes), so on two cores parsing and storing overlap. The
queue holds at most ``depth`` parsed chunks, which bounds memory. The connection is used
by the writer thread only, from the first chunk until :meth:`ChunkWriter.close` returns.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

Rows = list[tuple[Any, ...]]
_DONE = object()


class ChunkWriter:
    """Runs ``write(rows)`` for each put chunk, in order, on one background thread."""

    def __init__(self, write: Callable[[Rows], None], depth: int = 1) -> None:
        self._write = write
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)

    def __enter__(self) -> ChunkWriter:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._finish()
        if exc is None and self._error is not None:
            raise self._error

    def put(self, rows: Rows) -> None:
        """Queue a chunk; raises the writer's error as soon as it has failed."""
        while True:
            if self._error is not None:
                raise self._error
            try:
                self._queue.put(rows, timeout=0.5)
                return
            except queue.Full:
                continue

    def _finish(self) -> None:
        while self._thread.is_alive():
            try:
                self._queue.put(_DONE, timeout=0.5)
                break
            except queue.Full:
                continue
        self._thread.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if self._error is not None:
                continue  # drain: keep the producer from blocking until it sees the error
            try:
                self._write(item)  # type: ignore[arg-type]
            except BaseException as exc:  # handed to the calling thread
                self._error = exc
