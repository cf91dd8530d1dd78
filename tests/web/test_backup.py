"""Backup and restore end to end through the CLI: restore into an empty database and get the same
status table, the same data and the same audit log."""

import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

ADMIN_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def tertial(db_url: str, *args: str) -> str:
    env = {**os.environ, "TERTIAL_DATABASE_URL": db_url}
    result = subprocess.run(
        [sys.executable, "-m", "tertial.cli.main", *args], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def snapshot(db_url: str) -> dict:
    dump = tertial(db_url, "manage", "dumpdata", "org", "budget", "audit", "--indent", "0")
    return {
        "status": json.loads(tertial(db_url, "status", "--year", "2024", "--period", "3", "--format", "json")),
        "data": json.loads(dump),
    }


@pytest.fixture
def two_databases(db, tmp_path):
    """An empty source and target database of the kind the suite runs on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'a.sqlite3'}", f"sqlite:///{tmp_path / 'b.sqlite3'}"
        return
    names = [f"tertial_backup_{uuid.uuid4().hex[:8]}_{x}" for x in "ab"]
    with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
        for n in names:
            conn.execute(f"CREATE DATABASE {n}")
    try:
        yield tuple(ADMIN_PG.rsplit("/", 1)[0] + "/" + n for n in names)
    finally:
        with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
            for n in names:
                conn.execute(f"DROP DATABASE IF EXISTS {n} WITH (FORCE)")


def test_restore_into_an_empty_database_gives_identical_data(two_databases, tmp_path):
    source, target = two_databases
    tertial(source, "demo", "--no-serve", "--out", str(tmp_path / "out"))
    backup = tmp_path / "tertial.backup"
    assert "Sikkerhetskopi skrevet" in tertial(source, "backup", str(backup))
    tertial(target, "manage", "migrate", "--verbosity", "0")
    assert "gjenopprettet" in tertial(target, "restore", str(backup))
    before, after = snapshot(source), snapshot(target)
    assert after["status"] == before["status"]
    assert after["data"] == before["data"]
    assert any(r["model"] == "audit.auditentry" for r in after["data"])
    assert after["status"]["rader"][-1]["avvik"] == -62700000


def test_backup_file_is_readable_by_its_owner_only(two_databases, tmp_path):
    """A backup holds password hashes and sessions: created 0600 from the start, also over an old file."""
    source, _target = two_databases
    tertial(source, "manage", "migrate", "--verbosity", "0")
    fresh, old = tmp_path / "ny.backup", tmp_path / "gammel.backup"
    old.write_bytes(b"old")
    old.chmod(0o644)
    for path in (fresh, old):
        assert "Sikkerhetskopi skrevet" in tertial(source, "backup", str(path))
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.stat().st_size > 3
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
