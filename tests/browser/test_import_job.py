"""A ledger imported through the browser by the real background worker (`tertial worker` in a
subprocess, against its own database, served by a `runserver` subprocess): progress reaches 100 % and
the balances are the file's; a cancelled job leaves the previous state; a worker killed with SIGKILL
mid-import leaves the previous state, the next worker marks the job failed with a clear message, and
«Kjør på nytt» then imports the file."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.web.budget.test_import_kill import ADMIN_PG, big_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "tertial-demo"
LOAD_DEMO = """
import django
django.setup()
from django.core.management import call_command
from tertial.web.demo import demo_load_data, demo_users_create
call_command("migrate", verbosity=0)
demo_load_data(actor="test")
demo_users_create()
"""


@pytest.fixture
def db_url(db, tmp_path):
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
        return
    name = f"tertial_jobs_{os.getpid()}"
    with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield ADMIN_PG.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def balances(url: str) -> list[tuple]:
    return query(
        url,
        "SELECT b.period, count(*), sum(b.amount) FROM budget_balance b JOIN org_unit u ON b.unit_id = u.id"
        " JOIN org_budgetyear y ON u.budget_year_id = y.id WHERE y.year = 2024 GROUP BY b.period ORDER BY b.period",
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    def __init__(self, url: str, tmp: Path):
        self.env = {
            **os.environ,
            "TERTIAL_DATABASE_URL": url,
            "TERTIAL_UPLOAD_DIR": str(tmp / "opplastinger"),
            "TERTIAL_WORKER_BEAT_SECONDS": "0.5",
            "TERTIAL_WORKER_STALE_SECONDS": "3",
        }
        self.procs: list[subprocess.Popen] = []
        self.port = _free_port()

    def tertial(self, *args: str, **kw) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tertial.cli.main", *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **kw,
        )
        self.procs.append(proc)
        return proc

    def worker(self) -> subprocess.Popen:
        return self.tertial("worker", "--interval", "0.2")

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


@pytest.fixture
def servers(db_url, tmp_path):
    s = Servers(db_url, tmp_path)
    loaded = subprocess.run(  # the demo's data and users, without writing its reports (tertial demo does)
        [sys.executable, "-c", LOAD_DEMO],
        env={**s.env, "DJANGO_SETTINGS_MODULE": "tertial.web.settings"},
        capture_output=True,
        text=True,
    )
    assert loaded.returncode == 0, loaded.stderr
    s.tertial("manage", "runserver", f"127.0.0.1:{s.port}", "--noreload")
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", s.port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    yield s
    s.stop()


def upload(page, base: str, path: Path) -> int:
    page.goto(base + "/import/")
    assert page.get_by_label("Hva slags fil").input_value() == "actuals"  # default before any choice
    assert page.get_by_label("År").input_value() == "2024"  # the current budget year, not the clock's
    page.get_by_label("Fil", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Last opp og importer").click()
    page.wait_for_url("**/jobber/*/")
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def job_state(url: str, pk: int) -> tuple[str, str, int]:
    [(state, message, percent)] = query(url, f"SELECT state, message, percent FROM jobs_job WHERE id = {pk}")
    return state, message, percent


def gap_ledger(path: Path, units: list[str]) -> int:
    """A ledger of January and March with no line in February (a plausibility warning). Returns its øre."""
    with path.open("w") as f:
        f.write("periode;ansvar;art;funksjon;belop\n")
        for i, unit in enumerate(units * 20):
            f.write(f"2024{1 + 2 * (i % 2):02d};{unit};10100;{100 + i % 7};{i},25\n")
    return sum(i * 100 + 25 for i in range(len(units) * 20))


def total(rows: list[tuple], months=(1, 2, 3)) -> int:
    return sum(t for p, _, t in rows if p in months)


def test_a_ledger_imported_by_the_worker_confirmed_cancelled_killed_and_run_again(
    servers, page, db_url, tmp_path, axe_violations
):
    base = f"http://127.0.0.1:{servers.port}"
    page.goto(base + "/login/")
    page.get_by_label("Brukernavn").fill("okonomi")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    small, gap, large = tmp_path / "hovedbok.csv", tmp_path / "uten-februar.csv", tmp_path / "stor.csv"
    big_ledger(small, 30_000)
    big_ledger(large, 250_000)
    units = [
        u
        for (u,) in query(
            db_url, "SELECT u.code FROM org_unit u JOIN org_budgetyear y ON u.budget_year_id = y.id WHERE y.year = 2024"
        )
    ]
    gap_total = gap_ledger(gap, units)

    # No worker yet: the job waits in the queue and the page says why instead of spinning forever.
    upload(page, base, small)
    page.get_by_text("Ingen bakgrunnsarbeider har meldt seg").wait_for()
    worker = servers.worker()
    page.locator("#job-result").wait_for(timeout=30_000)  # HTMX polling brought the result
    assert page.locator("#job-progress").get_attribute("value") == "100"
    assert "30000 linjer" in page.locator("#job-message").inner_text()
    assert axe_violations(page) == []  # the finished job page
    details = page.locator("#job-details").inner_text()  # what changed: months and units, with amounts
    assert "202401: " in details and "202403: " in details and "Endret regnskap for 30 enheter: " in details
    after_small = balances(db_url)
    assert total(after_small) == sum(i % 1000 * 100 + 50 for i in range(30_000))  # the file's balances
    page.locator("#job-result").click()
    assert page.url.endswith("/status/2024/3/")

    # A month without lines: the job stops before writing and asks; cancelled, nothing is written.
    pk = upload(page, base, gap)
    page.get_by_role("button", name="Importer likevel").wait_for(timeout=60_000)
    assert axe_violations(page) == []  # the job waiting for confirmation
    assert "Filen har ingen linjer for 202402" in page.locator("#job-warnings").inner_text()
    assert job_state(db_url, pk)[0] == "waiting" and balances(db_url) == after_small
    page.get_by_role("button", name="Avbryt").click()
    page.get_by_role("heading", name="Avbrutt").wait_for()
    assert job_state(db_url, pk)[0] == "cancelled" and balances(db_url) == after_small
    page.get_by_role("button", name="Kjør på nytt").click()  # asks again, and this time it is confirmed
    page.get_by_role("button", name="Importer likevel").click()
    page.locator("#job-result").wait_for(timeout=60_000)
    after_gap = balances(db_url)
    assert total(after_gap, (1, 3)) == gap_total and total(after_gap, (2,)) == total(after_small, (2,))

    # SIGKILL mid-import: the previous state, the job failed with a clear message, then run again.
    pk = upload(page, base, large)
    deadline = time.monotonic() + 60
    while job_state(db_url, pk)[0] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    assert balances(db_url) == after_gap
    servers.worker()  # the next worker finds the job stale
    page.get_by_role("heading", name="Feilet").wait_for(timeout=30_000)
    state, message, _ = job_state(db_url, pk)
    assert state == "failed" and message.startswith("Bakgrunnsarbeideren stoppet midt i jobben")
    assert "Ingenting fra denne jobben er lagret" in page.locator("#job-message").inner_text()
    assert balances(db_url) == after_gap
    page.get_by_role("button", name="Kjør på nytt").click()
    page.locator("#job-result").wait_for(timeout=90_000)
    rows = balances(db_url)
    assert total(rows) == sum(i % 1000 * 100 + 50 for i in range(250_000))
    assert rows[3:] == after_small[3:]  # April, not in the file, kept
