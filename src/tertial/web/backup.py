"""Backup and restore of the whole database: the SQLite online backup API for SQLite, pg_dump and
pg_restore (custom format) for PostgreSQL. A restore replaces everything in the target database."""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from tertial.core.errors import DomainError


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["-d", s["NAME"]]
    if s.get("HOST"):
        args += ["-h", str(s["HOST"])]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    if s.get("USER"):
        args += ["-U", str(s["USER"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str], stdout: int | None = None) -> None:
    if stdout is None:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    else:  # the output to a file descriptor (the backup file), the messages captured
        result = subprocess.run(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)
    if result.returncode != 0:
        raise DomainError(f"{cmd[0]} feilet: {result.stderr.strip() or (result.stdout or '').strip()}")


def _private_file(path: Path) -> tuple[Path, int]:
    """A new, empty file beside `path`, created readable by its owner only (mode 0600 from the first
    moment, whatever the umask: a backup holds password hashes and sessions); (its path, an fd)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def backup_create(*, path: Path) -> str:
    """Written to a private temporary file and renamed onto `path` when complete (an old file at `path`
    is replaced, and so gets mode 0600 too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor not in ("sqlite", "postgresql"):
        raise DomainError(f"Sikkerhetskopi støttes ikke for {connection.vendor}")
    tmp, fd = _private_file(path)
    try:
        if connection.vendor == "sqlite":
            os.close(fd)
            connection.ensure_connection()
            with sqlite3.connect(tmp) as target:  # an empty file is an empty SQLite database
                connection.connection.backup(target)
            target.close()
        else:
            args, env = _pg_env()
            try:
                _run(["pg_dump", "--format=custom", "--no-owner", *args], env, stdout=fd)
            finally:
                os.close(fd)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return f"Sikkerhetskopi skrevet til {path} ({path.stat().st_size:,} byte)".replace(",", " ")


def backup_restore(*, path: Path) -> str:
    if not path.exists():
        raise DomainError(f"Finner ikke {path}")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    elif connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_env()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(path)], env)
    else:
        raise DomainError(f"Gjenoppretting støttes ikke for {connection.vendor}")
    return f"Databasen er gjenopprettet fra {path}"
