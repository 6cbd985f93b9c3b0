"""``import_file``: one file, one transaction, all or nothing.

1. A binary pass hashes the file and settles its encoding (:mod:`.source`).
2. In one transaction: an ImportBatch row, then the rows are parsed and validated in
   chunks and streamed into a temporary staging table (COPY / executemany), then
   set-based checks against the registry, then set-based inserts.
3. Any bad row: rollback, and a second small transaction records the rejected batch
   (counts, first errors) and its audit event. Otherwise the batch and its audit event
   commit with the rows.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.audit.service import Actor, record
from armsflow.db import dialect
from armsflow.db.base import utcnow
from armsflow.errors import InvalidInput
from armsflow.imports.base import KindImporter, RunContext, Stored
from armsflow.imports.kinds import KINDS
from armsflow.imports.pipeline import ChunkWriter
from armsflow.imports.report import ErrorLog, ImportReport, RowError, Status
from armsflow.imports.source import FileScan, SourceError, open_table, scan_file
from armsflow.registry.models import ImportBatch
from armsflow.settings import Settings, get_settings
from armsflow.types.errors import InvalidValue
from armsflow.vocab.places import us_state_code

FORMAT_VERSION = "1.0"
ANALYZE_AFTER_ROWS = 10_000
"""An import storing at least this many rows refreshes the planner's statistics afterwards."""
logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _timed(phase: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    logger.debug("import %s: %.2f s", phase, time.perf_counter() - started)


def import_file(
    session_factory: sessionmaker[Session],
    kind: str,
    path: Path,
    *,
    actor: Actor,
    filename: str | None = None,
    default_state: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    settings: Settings | None = None,
) -> ImportReport:
    """Validate ``path`` as a ``kind`` file and store it entirely, or store nothing.

    ``default_state`` (licensees only) is the premise state of lists without a
    PREMISE_STATE column. ``progress(done, total)`` is called after each chunk, in bytes
    for CSV and in rows for Parquet. Raises :class:`InvalidInput` for an unknown kind or
    state; every problem with the file itself is reported in the returned report.
    """
    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidInput(f"unknown import kind {kind!r}; one of {', '.join(KINDS)}")
    if default_state is not None:
        try:
            default_state = us_state_code(default_state)
        except InvalidValue as exc:
            raise InvalidInput(f"--state: {exc.reason}", field="state") from None
    settings = settings or get_settings()
    ctx = RunContext(spec, settings, ErrorLog(settings.import_max_reported_errors),
                     default_state=default_state)
    scan = scan_file(path)
    run = _Run(session_factory, ctx, scan, actor, filename or path.name)
    return run.execute(path, progress)


class _Run:
    def __init__(
        self,
        factory: sessionmaker[Session],
        ctx: RunContext,
        scan: FileScan,
        actor: Actor,
        filename: str,
    ) -> None:
        self.factory = factory
        self.ctx = ctx
        self.scan = scan
        self.actor = actor
        self.filename = filename
        self.rows_total = 0

    def execute(self, path: Path, progress: Callable[[int, int], None] | None) -> ImportReport:
        if self.scan.encoding == "latin-1":
            self.ctx.notes.append("the file is not valid UTF-8; it was read as latin-1")
        session = self.factory()
        try:
            conn = session.connection()
            dialect.prepare_bulk(conn)
            batch = self._new_batch(session)
            self._note_earlier_import(session, batch.id)
            stored = self._load(conn, path, progress)
            if stored is None:
                session.rollback()
                return self._reject()
            report = self._report(batch.id, stored.rows)
            self._finish(session, batch, report)
            with _timed("commit"):
                session.commit()
            if report.rows_stored >= ANALYZE_AFTER_ROWS:
                with _timed("statistics"):
                    dialect.refresh_statistics(session.connection())
            return report
        except BaseException as exc:
            session.rollback()
            self._record_failure(exc)
            raise
        finally:
            with contextlib.suppress(Exception):
                dialect.end_bulk(session.connection())
            session.close()

    def _load(
        self, conn: Connection, path: Path, progress: Callable[[int, int], None] | None
    ) -> Stored | None:
        """Stage, check and store; None when the file is rejected (caller rolls back)."""
        importer = self.ctx.spec.importer(self.ctx)
        try:
            with _timed("stage"):
                staged = self._stage(conn, importer, path, progress)
        except SourceError as exc:
            self.ctx.errors.add(1, None, None, str(exc))
            return None
        if not staged:
            return None
        with _timed("check"):
            importer.check(conn)
        if self.ctx.errors.total:
            return None
        with _timed("store"):
            stored = importer.finish(conn)
            self.ctx.notes.extend(importer.notes(conn, stored))
        importer.drop_stage(conn)
        return stored

    def _stage(
        self,
        conn: Connection,
        importer: KindImporter,
        path: Path,
        progress: Callable[[int, int], None] | None,
    ) -> bool:
        """Parse the file into the staging table; False when its header is unusable."""
        reader = open_table(path, self.scan, progress)
        try:
            if not reader.header:
                self.ctx.errors.add(1, None, None, "the file is empty: no header line")
                return False
            problem = importer.resolve_header(reader.header)
            if problem:
                self.ctx.errors.add(1, None, None, problem)
                return False
            importer.create_stage(conn)
            chunks = reader.chunks(importer.present, self.ctx.settings.import_chunk_rows)
            with ChunkWriter(lambda rows: importer.load(conn, rows)) as writer:
                for chunk in chunks:
                    writer.put(importer.normalise(chunk))
            self.rows_total = reader.rows_read
            importer.index_stage(conn)
            return True
        finally:
            reader.close()

    def _new_batch(self, session: Session, status: str = "running") -> ImportBatch:
        batch = ImportBatch(
            kind=self.ctx.spec.name, filename=self.filename[:300], sha256=self.scan.sha256,
            format_version=FORMAT_VERSION, status=status, user_id=self.actor.user_id,
            username=self.actor.username,
        )
        session.add(batch)
        session.flush()
        self.ctx.batch_id = batch.id
        return batch

    def _note_earlier_import(self, session: Session, batch_id: int) -> None:
        """The same bytes were imported before: say so (the rows are checked again)."""
        earlier = session.scalar(
            select(ImportBatch.id)
            .where(ImportBatch.kind == self.ctx.spec.name,
                   ImportBatch.sha256 == self.scan.sha256,
                   ImportBatch.status.in_(("stored", "unchanged")),
                   ImportBatch.id != batch_id)
            .order_by(ImportBatch.id.desc())
            .limit(1)
        )
        if earlier is not None:
            self.ctx.notes.append(
                f"this file (same SHA-256) was imported before as batch {earlier}; "
                "its rows were checked again"
            )

    def _report(self, batch_id: int | None, stored: int) -> ImportReport:
        errors = self.ctx.errors
        rejected = bool(errors.total)
        status: Status = "rejected" if rejected else ("stored" if stored else "unchanged")
        return ImportReport(
            kind=self.ctx.spec.name, filename=self.filename, batch_id=batch_id, status=status,
            rows_total=self.rows_total, rows_stored=0 if rejected else stored,
            rows_unchanged=0 if rejected else self.rows_total - stored,
            rows_rejected=self.ctx.rows_rejected if rejected else 0,
            errors=errors.first(), errors_truncated=errors.truncated,
            notes=list(self.ctx.notes),
        )

    def _finish(self, session: Session, batch: ImportBatch, report: ImportReport) -> None:
        batch.status = report.status
        batch.rows_total = report.rows_total
        batch.rows_stored = report.rows_stored
        batch.rows_unchanged = report.rows_unchanged
        batch.rows_rejected = report.rows_rejected
        # NUL cannot be stored in PostgreSQL text; a garbage header can put one in a note.
        batch.notes = "\n".join(report.notes).replace("\x00", "\ufffd") or None
        batch.errors_json = (
            json.dumps([e.as_dict() for e in report.errors]) if report.errors else None
        )
        batch.finished_at = utcnow()
        session.flush()
        record(
            session, actor=self.actor, action="import", object_type="import_batch",
            object_id=batch.id,
            detail={
                "kind": report.kind, "filename": report.filename, "sha256": self.scan.sha256,
                "status": report.status, "rows_total": report.rows_total,
                "rows_stored": report.rows_stored, "rows_unchanged": report.rows_unchanged,
                "rows_rejected": report.rows_rejected,
            },
        )

    def _reject(self) -> ImportReport:
        """Nothing of the file is kept; the rejected batch and its audit event are."""
        if self.ctx.errors.truncated:
            self.ctx.notes.append(
                f"{self.ctx.errors.total} errors in all; the first "
                f"{self.ctx.errors.limit} are listed"
            )
        with self.factory() as session:
            batch = self._new_batch(session, "rejected")
            report = self._report(batch.id, 0)
            self._finish(session, batch, report)
            session.commit()
        return report

    def _record_failure(self, exc: BaseException) -> None:
        """An unexpected failure still leaves a rejected batch behind, then propagates."""
        self.ctx.errors.add_error(
            RowError(1, None, None, f"import failed: {type(exc).__name__}: {exc}"[:500])
        )
        with contextlib.suppress(Exception):  # the original exception is what matters
            self._reject()
