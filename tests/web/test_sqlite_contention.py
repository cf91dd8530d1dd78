"""SQLite never answers 500 under contention (issue 22): a real server (runserver, one thread per
request) on a SQLite *file*, and 20 browsers saving the same unit's forecast at the same moment, all
from the version they opened. One save wins, the others are told that somebody else saved first (409);
none may fail with «database is locked». Before WAL, IMMEDIATE transactions and the busy timeout
(settings.py), most of them got a 500: a deferred transaction that had read could not take the write
lock and SQLite refused it at once rather than wait."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

from tertial.core.rounds import STALE_EDIT

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's file locking; PostgreSQL has row locks (test_concurrency_pg.py)"
)

ROOT = Path(__file__).resolve().parents[2]
SAVES = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "TERTIAL_DATABASE_URL")}
    return {**env, "TERTIAL_DATA_DIR": str(tmp_path), "TERTIAL_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}


@pytest.fixture
def busy_seconds() -> str:
    return "20"  # settings.py's default


@pytest.fixture
def server(tmp_path, busy_seconds):
    env = {**_env(tmp_path), "TERTIAL_SQLITE_BUSY_SECONDS": busy_seconds}
    setup = subprocess.run(
        [sys.executable, "-c", "from tests.web.race_workers import sqlite_world; sqlite_world()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr
    session = setup.stdout.strip().splitlines()[-1]
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tertial.cli.main", "manage", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # until it answers (at most a minute)
            try:
                requests.get(url + "/helse/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url, session
    finally:
        proc.terminate()
        proc.wait(30)


def test_twenty_parallel_saves_of_one_unit_on_a_sqlite_file_never_answer_5xx(server):
    url, session = server
    page = f"{url}/runder/2024/3/enheter/235/"
    browsers = []
    for _ in range(SAVES):
        b = requests.Session()
        b.cookies.set("sessionid", session)
        assert b.get(page, timeout=30).status_code == 200  # sets the CSRF cookie
        browsers.append(b)
    form = {
        "version": "0",
        "cause": "Flere elever",
        "consequence": "",
        "text": "",
        "tiltak-TOTAL_FORMS": "0",
        "tiltak-INITIAL_FORMS": "0",
        "tiltak-MIN_NUM_FORMS": "0",
        "tiltak-MAX_NUM_FORMS": "20",
    }
    barrier, results = threading.Barrier(SAVES), []

    def save(b: requests.Session, n: int) -> None:
        barrier.wait()
        r = b.post(
            page + "lagre/",
            {**form, "forecast": str(1000 + n), "csrfmiddlewaretoken": b.cookies["csrftoken"]},
            headers={"X-CSRFToken": b.cookies["csrftoken"], "Referer": page},
            allow_redirects=False,
            timeout=120,
        )
        results.append((r.status_code, STALE_EDIT.split("{who}")[0] in r.text, r.text[:300]))

    threads = [threading.Thread(target=save, args=(b, n)) for n, b in enumerate(browsers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    for b in browsers:
        b.close()
    statuses = sorted(s for s, _, _ in results)
    assert len(results) == SAVES
    assert [r for r in results if r[0] >= 500] == []
    assert statuses.count(302) == 1  # the one that won; the others were told, not broken
    assert all(stale for status, stale, _ in results if status == 409)


@pytest.mark.parametrize("busy_seconds", ["1"])
def test_a_write_that_cannot_get_the_lock_gets_the_busy_page_and_the_cli_one_line(server, tmp_path):
    """Another program holds SQLite's write lock longer than the busy timeout: the save is answered
    with the Norwegian 503 page in the normal layout, and `tertial municipality` with one line, exit 2."""
    import sqlite3

    url, session = server
    page = f"{url}/runder/2024/3/enheter/235/"
    b = requests.Session()
    b.cookies.set("sessionid", session)
    assert b.get(page, timeout=30).status_code == 200
    holder = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held
    try:
        r = b.post(
            page + "lagre/",
            {"version": "0", "forecast": "1000", "cause": "x", "tiltak-TOTAL_FORMS": "0", "tiltak-INITIAL_FORMS": "0"},
            headers={"X-CSRFToken": b.cookies["csrftoken"], "Referer": page},
            allow_redirects=False,
            timeout=60,
        )
        cli = subprocess.run(
            [
                sys.executable,
                "-m",
                "tertial.cli.main",
                "municipality",
                "--name",
                "Testvik",
                "--org-number",
                "999999999",
            ],
            cwd=ROOT,
            env={**_env(tmp_path), "TERTIAL_SQLITE_BUSY_SECONDS": "1"},
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        holder.rollback() if holder.in_transaction else None
        holder.close()
        b.close()
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "5"
    assert "Databasen er opptatt med en annen lagring" in r.text
    assert 'aria-label="Hovedmeny"' in r.text and "Mine oppgaver" in r.text  # the layout and the menu
    assert cli.returncode == 2, cli.stderr
    assert len(cli.stderr.strip().splitlines()) == 1 and "Databasen er opptatt" in cli.stderr
