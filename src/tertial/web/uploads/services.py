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

from .files import StoredUpload, upload_store

log = logging.getLogger(__name__)


def upload_dir() -> Path:
    return Path(settings.TERTIAL_UPLOAD_DIR)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _named_for_client(exc: InputError, stored: StoredUpload) -> InputError:
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
    if kind not in IMPORTERS:
        raise KeyError(kind)
    stored = upload_store(
        chunks, client_name=client_name, upload_dir=upload_dir(), max_bytes=settings.TERTIAL_UPLOAD_MAX_BYTES
    )
    try:
        receipt = import_file(kind, ImportRequest(path=stored.path, year=year, period=period, actor=actor))
    except InputError as exc:
        stored.path.unlink(missing_ok=True)
        raise _named_for_client(exc, stored) from exc
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
    return stored, receipt
