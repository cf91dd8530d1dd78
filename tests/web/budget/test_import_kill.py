"""An import killed with SIGKILL in the middle of its write leaves exactly the previous state."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tertial.web.demo import demo_dir

ADMIN_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def tertial(db_url: str, *args: str) -> str:
    env = {**os.environ, "TERTIAL_DATABASE_URL": db_url}
    result = subprocess.run([sys.executable, "-m", "tertial.cli.main", *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def big_ledger(path: Path, lines: int) -> None:
    rows = [ln for ln in (demo_dir() / "org.csv").read_text().splitlines() if not ln.startswith("#")]
    units = [ln.split(";")[1] for ln in rows[1:]]
    with path.open("w") as f:
        f.write("periode;ansvar;art;funksjon;belop\n")
        for i in range(lines):
            f.write(f"2024{i % 3 + 1:02d};{units[i % len(units)]};{10000 + i % 997};{100 + i % 89};{i % 1000},50\n")


@pytest.fixture
def database(db, tmp_path):
    if connection.vendor == "sqlite":
        path = tmp_path / "kill.sqlite3"
        yield f"sqlite:///{path}", lambda: Path(f"{path}-journal").exists() or Path(f"{path}-wal").exists()
        return
    name = f"tertial_kill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")

    def writing() -> bool:
        with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND query ILIKE 'COPY budget_balance%%'",
                [name],
            ).fetchone()
        return bool(row and row[0])

    try:
        yield ADMIN_PG.rsplit("/", 1)[0] + "/" + name, writing
    finally:
        with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def balance_schema(url: str) -> list[tuple]:
    """The balance table's constraints and indexes, read straight from the database's catalogue."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'budget_balance'"
            ).fetchall()
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint"
            " WHERE conrelid = 'budget_balance'::regclass UNION ALL"
            " SELECT indexname, indexdef, NULL FROM pg_indexes WHERE tablename = 'budget_balance' ORDER BY 1"
        ).fetchall()


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk-load", "insert"])
def test_sigkill_during_the_write_leaves_the_previous_state(database, tmp_path, bulk):
    """A bulk load (PostgreSQL only, web/budget/balance_store.py `_bulk_load`) is killed while the balance
    table is without its constraints, inside the import's transaction."""
    if bulk and connection.vendor != "postgresql":
        pytest.skip("SQLite never bulk-loads")
    url, writing = database
    tertial(url, "demo", "--no-serve", "--out", str(tmp_path / "out"))
    before = tertial(url, "status", "--year", "2024", "--period", "3", "--format", "json")
    schema = balance_schema(url)
    assert len(schema) >= (3 if url.startswith("postgres") else 2)  # keys and foreign key; SQLite: table, index
    ledger = tmp_path / "big.csv"
    big_ledger(ledger, 1_500_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tertial.cli.main", "import", "actuals", str(ledger), "--year", "2024"],
        env={**os.environ, "TERTIAL_DATABASE_URL": url, "TERTIAL_BULK_LOAD_MIN_BALANCES": "0" if bulk else str(10**9)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not writing():
        assert proc.poll() is None, "the import finished before its write could be caught"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    assert tertial(url, "status", "--year", "2024", "--period", "3", "--format", "json") == before
    assert balance_schema(url) == schema
