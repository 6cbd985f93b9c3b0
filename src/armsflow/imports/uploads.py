"""Uploaded files (web and API) go to a temporary file, size-capped, then through import_file."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from fastapi import UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from armsflow.auth.policy import Permission, require
from armsflow.auth.principal import Principal
from armsflow.errors import BadRequest, InvalidInput, NotFound
from armsflow.imports.kinds import KINDS
from armsflow.imports.report import ImportReport
from armsflow.imports.schemas import ImportBatchRead, RowErrorRead
from armsflow.imports.service import import_file
from armsflow.registry.models import ImportBatch
from armsflow.settings import Settings

CHUNK = 1 << 20


def run_upload(
    factory: sessionmaker[Session], settings: Settings, principal: Principal, *, kind: str,
    upload: UploadFile, state: str | None,
) -> ImportReport:
    """Check the caller may import, spool the upload to disk with a size cap, import it."""
    require(principal, Permission.IMPORT_RECORDS)
    if kind not in KINDS:
        raise BadRequest(f"kind: '{kind}' is not one of {', '.join(KINDS)}", field="kind")
    name = Path(upload.filename or "upload.csv").name
    suffix = ".parquet" if name.lower().endswith(".parquet") else ".csv"
    limit = settings.upload_max_mb * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="armsflow-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        size = 0
        with path.open("wb") as out:
            while chunk := upload.file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise BadRequest(f"file: larger than {settings.upload_max_mb} MB; "
                                       "use the command line `armsflow import`", field="file")
                out.write(chunk)
        if size == 0:
            raise BadRequest("file: the uploaded file is empty", field="file")
        try:
            return import_file(factory, kind, path, actor=principal.actor, filename=name,
                               default_state=state or None, settings=settings)
        except InvalidInput as exc:  # a bad option, not a bad file: the report is for files
            raise BadRequest(exc.message, field=exc.field) from None


def batch_read(batch: ImportBatch) -> ImportBatchRead:
    errors = json.loads(batch.errors_json) if batch.errors_json else []
    return ImportBatchRead(
        id=batch.id, kind=batch.kind, filename=batch.filename, sha256=batch.sha256,
        format_version=batch.format_version, status=batch.status, rows_total=batch.rows_total,
        rows_stored=batch.rows_stored, rows_unchanged=batch.rows_unchanged,
        rows_rejected=batch.rows_rejected,
        notes=batch.notes.splitlines() if batch.notes else [],
        errors=[RowErrorRead(**e) for e in errors], username=batch.username,
        started_at=batch.started_at, finished_at=batch.finished_at,
    )


def recent_batches(db: Session, principal: Principal, limit: int = 50) -> Sequence[ImportBatch]:
    require(principal, Permission.IMPORT_RECORDS)
    return db.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).all()


def get_batch(db: Session, principal: Principal, batch_id: int) -> ImportBatch:
    require(principal, Permission.IMPORT_RECORDS)
    batch = db.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(f"import batch {batch_id} not found")
    return batch
