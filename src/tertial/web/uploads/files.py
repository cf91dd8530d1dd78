"""Storing an uploaded file safely, before any importer reads it.

- The type is checked by the CONTENT, not by the name: an XLSX file must be a zip archive holding
  `[Content_Types].xml`; CSV and TXT must decode as UTF-8 or Windows-1252 and hold no NUL byte; JSON
  must parse. The client's name only says which of these it claims to be (its suffix, from a short
  allow-list).
- The file is written to the upload directory (outside the web root) under a random name that the
  server chooses, with the suffix of the checked type; no part of the client's name reaches the file
  system. The client's name is kept only as text, for the receipt and the error messages.
- A file larger than the limit is refused while it is read; a refused file is removed at once.
"""

import codecs
import json
import os
import re
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

TEXT, JSON, XLSX = "text", "json", "xlsx"
SUFFIXES = {".csv": TEXT, ".txt": TEXT, ".json": JSON, ".xlsx": XLSX}
CHUNK = 1024 * 1024
NAME_MAX = 200


class UploadRefused(Exception):
    """The file was not stored: too large, empty, or not what its name says it is."""


def too_large_message(max_bytes: int) -> str:
    return _("Filen er for stor. Største tillatte størrelse er %(mb)s MB.") % {"mb": _megabytes(max_bytes)}


def wrong_suffix_message() -> str:
    return _("Filtypen støttes ikke. Last opp en CSV-, TXT-, JSON- eller XLSX-fil.")


def wrong_content_message(kind: str) -> str:
    return {
        TEXT: _("Filen er ikke en tekstfil (CSV eller TXT i UTF-8 eller Windows-1252), selv om navnet sier det."),
        JSON: _("Filen er ikke gyldig JSON, selv om navnet sier det."),
        XLSX: _("Filen er ikke en Excel-arbeidsbok (XLSX), selv om navnet sier det."),
    }[kind]


def empty_message() -> str:
    return _("Filen er tom.")


def _megabytes(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:.0f}" if mb >= 1 else f"{mb:.2f}".replace(".", ",")


@dataclass(frozen=True)
class StoredUpload:
    path: Path  # inside the upload directory, server-chosen name
    client_name: str  # as the client gave it, for display only
    size: int


def display_name(client_name: str) -> str:
    """The client's file name as safe display text: the last path part, no control characters."""
    base = re.split(r"[\\/]", client_name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base) > NAME_MAX:  # shorten the stem, keep the suffix: it says what the file claims to be
        stem, suffix = os.path.splitext(base)
        suffix = suffix if len(suffix) <= 10 else ""
        base = stem[: NAME_MAX - len(suffix)].rstrip() + suffix
    return base or _("(uten navn)")


def declared_kind(client_name: str) -> tuple[str, str]:
    """(suffix, content kind) the client's name claims; refused unless the suffix is on the allow-list."""
    name = display_name(client_name)
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(wrong_suffix_message())
    return suffix, SUFFIXES[suffix]


def _is_xlsx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _is_text(path: Path) -> bool:
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as f:
                while chunk := f.read(CHUNK):
                    if b"\0" in chunk:
                        return False
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _is_json(path: Path) -> bool:
    try:
        json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    return True


CHECKS = {TEXT: _is_text, JSON: _is_json, XLSX: _is_xlsx}


def upload_store(chunks: Iterable[bytes], *, client_name: str, upload_dir: Path, max_bytes: int) -> StoredUpload:
    """Write `chunks` to a new file with a random name in `upload_dir` and check its content.

    Raises UploadRefused (and leaves no file behind) if the name's suffix is not allowed, the file is
    larger than `max_bytes` or empty, or the content is not of the type the suffix claims."""
    suffix, kind = declared_kind(client_name)
    upload_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = upload_dir / f"{secrets.token_hex(16)}{suffix}"
    size = 0
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRefused(too_large_message(max_bytes))
                out.write(chunk)
        if size == 0:
            raise UploadRefused(empty_message())
        if not CHECKS[kind](path):
            raise UploadRefused(wrong_content_message(kind))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredUpload(path=path, client_name=display_name(client_name), size=size)
