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


def _run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DomainError(f"{cmd[0]} feilet: {result.stderr.strip() or result.stdout.strip()}")


def backup_create(*, path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *args], env)
    else:
        raise DomainError(f"Sikkerhetskopi støttes ikke for {connection.vendor}")
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
