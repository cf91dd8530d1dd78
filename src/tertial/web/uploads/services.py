"""One write: import an uploaded file. The import services behind tertial.web.imports each run in
one transaction and write their own audit entry, so a refused file writes nothing."""

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from django.conf import settings

from tertial.core.errors import InputError
from tertial.web.import_request import Actor
from tertial.web.imports import IMPORTERS, ImportRequest, import_file
from tertial.web.jobs.models import Job
from tertial.web.jobs.services import job_create
from tertial.web.locks import period_write_guard

from .files import StoredUpload, upload_store
from .messages import upload_url

log = logging.getLogger(__name__)


def upload_dir() -> Path:
    return Path(settings.TERTIAL_UPLOAD_DIR)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def named_for_client(exc: InputError, stored: StoredUpload) -> InputError:
    """The same problems, naming the file as the user knows it instead of the server's random name."""
    server_names = {stored.path.name, str(stored.path)}
    problems = [replace(p, file=stored.client_name) if p.file in server_names else p for p in exc.problems]
    return InputError(problems)


def upload_import(
    *,
    kind: str,
    chunks: Iterable[bytes],
    client_name: str,
    year: int | None,
    period: int | None,
    actor: Actor,
) -> tuple[StoredUpload, str]:
    """Store the upload (files.upload_store: size and content checked) and import it as `kind`.

    Returns the stored file and the import's receipt. Raises UploadRefused before anything is read,
    and InputError (naming the client's file, row and column) or DomainError from the import, in
    which case nothing is written and the stored file is removed."""
    stored = upload_save(kind=kind, chunks=chunks, client_name=client_name)
    return stored, upload_import_stored(stored=stored, kind=kind, year=year, period=period, actor=actor)


def upload_save(*, kind: str, chunks: Iterable[bytes], client_name: str) -> StoredUpload:
    """Store the upload (files.upload_store); UploadRefused leaves nothing behind."""
    if kind not in IMPORTERS:
        raise KeyError(kind)
    return upload_store(
        chunks, client_name=client_name, upload_dir=upload_dir(), max_bytes=settings.TERTIAL_UPLOAD_MAX_BYTES
    )


def runs_as_job(*, kind: str, stored: StoredUpload) -> bool:
    """A general ledger, and any file of TERTIAL_UPLOAD_JOB_MIN_BYTES or more, is imported by the worker."""
    return kind == "actuals" or stored.size >= int(settings.TERTIAL_UPLOAD_JOB_MIN_BYTES)


def upload_import_stored(*, stored: StoredUpload, kind: str, year: int | None, period: int | None, actor: Actor) -> str:
    """Import a stored upload in this process (small files); on an error the file is removed."""
    try:
        receipt = import_file(kind, ImportRequest(path=stored.path, year=year, period=period, actor=actor))
    except InputError as exc:
        stored.path.unlink(missing_ok=True)
        raise named_for_client(exc, stored) from exc
    except BaseException:
        stored.path.unlink(missing_ok=True)
        raise
    log.info(
        "Upload imported: kind=%s file=%r stored=%s size=%d sha256=%s by=%s",
        kind,
        stored.client_name,
        stored.path.name,
        stored.size,
        _sha256(stored.path),
        getattr(actor, "username", actor),
    )
    return receipt


def upload_enqueue(
    *, stored: StoredUpload, kind: str, kind_label: str, year: int | None, period: int | None, user_id: int | None
) -> Job:
    """Hand a stored upload to the worker as an import job (tertial.web.uploads.tasks.import_job)."""
    from .tasks import import_job

    if year is not None and period is not None:
        try:  # a locked period is refused on the form, not later by the worker
            period_write_guard(year=year, month=period)
        except BaseException:
            stored.path.unlink(missing_ok=True)
            raise
    title = f"{kind_label} {year or ''}: {stored.client_name}".replace("  ", " ")
    params = {
        "kind": kind,
        "year": year,
        "period": period,
        "path": str(stored.path),
        "client_name": stored.client_name,
        "size": stored.size,
        "back_url": upload_url(kind=kind, year=year, period=period),
    }
    log.info("Upload queued as a job: kind=%s stored=%s size=%d", kind, stored.path.name, stored.size)
    return job_create(kind="import", title=title, params=params, task=import_job, created_by_id=user_id)
