"""Web speed under load: the production server (gunicorn, 2 workers, PostgreSQL, DEBUG off) with a
synthetic 100-unit municipality, driven by wrk from a second process on 127.0.0.1.

    .venv/bin/python benchmarks/web_load.py [--seconds 15] [--connections 20] [--repeat 3]
        [--port 8123] [--db tertial_load] [--during-import 2000000] [--as-job]

Needs `wrk` (Debian package) and gunicorn (requirements.lock). Prints req/s, p50/p95/p99 and
errors per page. Pages that do not exist in this build are skipped with a note.

The round of March is opened, locked and published, so the public status page shows the published
figures; the staff pages (status page with live figures, a unit's page) are fetched with the
session cookie of a finance user created for the run. Each page is fetched once before wrk starts,
so the numbers are the steady state (cached data fragment, see tertial.web.pagecache).

`--during-import LINES` (issue 22) then measures the status page (finance and public) and the
decisions page again while a large general-ledger import of LINES lines (about as many balances,
bulk-loaded) is writing: for each page an import is started in a subprocess, wrk starts for
`--import-seconds` once the import's COPY shows in pg_stat_activity, and the row says whether the
import was still running when wrk ended (otherwise the figure is not «during» an import).
`--as-job` runs each of those imports as a background job (issue 17): enqueued as the import page
does, run by a `tertial worker` subprocess. `--port` and `--db` let several runs share a machine; the
database is created and dropped by the run.
`--sqlite` runs the same on a SQLite file in a temporary folder (WAL, as settings.py configures it);
there «writing» means the import holds SQLite's write lock (a BEGIN IMMEDIATE of ours is refused).
"""

import argparse
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

ADMIN_PG = os.environ.get("TERTIAL_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %.3f %.3f %.3f %d\\n", summary.requests, summary.errors.status +
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.timeout))
end
"""
PAGES = [  # (name, path, as the finance user?)
    ("status page, finance (live)", "/status/2024/3/", True),
    ("status page, public", "/status/2024/3/", False),
    ("unit page, finance", "/runder/2024/3/enheter/1000/", True),
    ("status report (HTML)", "/status/2024/3/rapport/", False),
    ("public decisions page", "/vedtak/", False),
    ("decisions JSON API", "/vedtak/api/saker/", False),
    ("health", "/helse/", False),
]
DURING_IMPORT = ["status page, finance (live)", "status page, public", "public decisions page"]
SETUP = """
import django
django.setup()
from datetime import date
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from tertial.web.accounts.roles import Role, role_grant
from tertial.web.rounds import services as rounds
from tertial.web.rounds.models import Round

user = get_user_model().objects.create_user("lasttest", password="lasttest-" + "x" * 20)
role_grant(user, Role.FINANCE)
if not Round.objects.filter(budget_year__year=2024, period=3).exists():
    rnd = rounds.round_open(year=2024, month=3, deadline=date(2024, 4, 10), actor="lasttest")
    rounds.round_lock(rnd=rnd, actor="lasttest")
    rounds.round_publish(rnd=rnd, actor="lasttest")
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def write_municipality(work: Path, units: int = 100) -> dict[str, Path]:
    rnd = random.Random(100)
    codes = [str(1000 + i) for i in range(units)]
    files = {k: work / f"{k}.csv" for k in ("org", "budget", "actuals", "forecasts")}
    files["org"].write_text(
        "tjenesteomrade;ansvar;navn\n" + "".join(f"Område {i // 20 + 1};{c};Enhet {c}\n" for i, c in enumerate(codes))
    )
    budgets = {c: rnd.randint(5_000, 250_000) * 1000 for c in codes}
    files["budget"].write_text("ansvar;belop\n" + "".join(f"{c};{b}\n" for c, b in budgets.items()))
    with files["actuals"].open("w") as f:
        f.write("periode;ansvar;art;funksjon;belop\n")
        for c in codes:
            for m in (1, 2, 3):
                for art in (10100, 10900, 11000, 16000):
                    f.write(f"2024{m:02d};{c};{art};202;{rnd.randint(-200_000, 2_000_000)},{rnd.randint(0, 99):02d}\n")
    files["forecasts"].write_text(
        "ansvar;prognose\n" + "".join(f"{c};{b + rnd.choice([0, 0, -1, 1]) * 500_000}\n" for c, b in budgets.items())
    )
    return files


def copying(admin: str, db: str) -> bool:
    """Whether an import in `db` is COPYing balances (its write has started)."""
    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND query ILIKE 'COPY budget_balance%%'", [db]
        ).fetchone()
    return bool(row and row[0])


def sqlite_writing(path: Path) -> bool:
    """Whether another connection holds the write lock of the SQLite file at `path`."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


ENQUEUE = """
import shutil, sys, uuid, django
django.setup()
from tertial.web.jobs.models import Job
from tertial.web.uploads.tasks import import_job
path = sys.argv[1] + "." + uuid.uuid4().hex + ".csv"
shutil.copyfile(sys.argv[1], path)
params = {"kind": "actuals", "year": 2024, "period": None, "path": path, "client_name": "big.csv"}
job = Job.objects.create(kind="import", title="load", params=params, confirmed=True)
Job.objects.filter(pk=job.pk).update(task_id=str(import_job.enqueue(job_id=job.pk).id))
print(job.pk)
"""


class JobImport:
    """An import job enqueued for the worker, with the poll()/wait()/returncode of a Popen."""

    def __init__(self, env: dict, ledger: Path, sqlite: Path | None):
        out = subprocess.run(
            [sys.executable, "-c", ENQUEUE, str(ledger)],
            env={**env, "DJANGO_SETTINGS_MODULE": "tertial.web.settings"},
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        self.pk, self.env, self.sqlite, self.returncode = int(out.strip().splitlines()[-1]), env, sqlite, None

    def _state(self) -> str:
        sql = f"SELECT state FROM jobs_job WHERE id = {self.pk}"
        if self.sqlite:
            import sqlite3

            with sqlite3.connect(self.sqlite) as conn:
                return conn.execute(sql).fetchone()[0]
        with psycopg.connect(self.env["TERTIAL_DATABASE_URL"]) as conn:
            return conn.execute(sql).fetchone()[0]

    def poll(self) -> int | None:
        state = self._state()
        if state in ("done", "failed", "cancelled", "waiting"):
            self.returncode = 0 if state == "done" else 1
        return self.returncode

    def wait(self) -> int:
        while self.poll() is None:
            time.sleep(0.1)
        return self.returncode or 0


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--connections", type=int, default=20)
    p.add_argument("--repeat", type=int, default=1, help="run every page this many times (best and spread)")
    p.add_argument("--port", type=int, default=8123)
    p.add_argument("--db", default="tertial_load", help="database to create, use and drop")
    p.add_argument("--during-import", type=int, default=0, metavar="LINES", help="also measure during an import")
    p.add_argument("--import-seconds", type=int, default=5, help="wrk's run during an import (must end before it)")
    p.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    p.add_argument("--as-job", action="store_true", help="--during-import: the import as a job run by `tertial worker`")
    a = p.parse_args()
    PORT, DB = a.port, a.db
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    work = Path(tempfile.mkdtemp(prefix="tertial-load-"))
    if not a.sqlite:
        with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DB}")
    database = (
        {"TERTIAL_DATA_DIR": str(work)} if a.sqlite else {"TERTIAL_DATABASE_URL": ADMIN_PG.rsplit("/", 1)[0] + "/" + DB}
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("TERTIAL_DATABASE_URL", "TERTIAL_DATA_DIR")},
        **database,
        "TERTIAL_DEBUG": "false",
        "TERTIAL_SECRET_KEY": "benchmark-" + "k" * 60,
        "TERTIAL_ALLOWED_HOSTS": "127.0.0.1",
        "TERTIAL_SSL_REDIRECT": "false",
        "TERTIAL_DB_CONN_MAX_AGE": "60",
        "TERTIAL_LOG_LEVEL": "WARNING",
    }
    cli = [sys.executable, "-m", "tertial.cli.main"]

    def run(*args: str) -> None:
        subprocess.run([*cli, *args], env=env, check=True, capture_output=True)

    files = write_municipality(work)
    run("manage", "migrate", "--verbosity", "0")
    run("municipality", "--name", "Lasttest kommune")
    run("import", "org", str(files["org"]), "--year", "2024")
    run("import", "budget", str(files["budget"]), "--year", "2024")
    run("import", "actuals", str(files["actuals"]), "--year", "2024")
    run("import", "forecasts", str(files["forecasts"]), "--year", "2024", "--period", "3")
    decisions = Path(__file__).resolve().parents[1] / "src/tertial/demo/levanger/decisions.txt"
    if decisions.exists():
        run("import", "decisions-text", str(decisions))
    session_key = subprocess.run(
        [sys.executable, "-c", SETUP], env={**env, "DJANGO_SETTINGS_MODULE": "tertial.web.settings"},
        check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    cookie = f"sessionid={session_key}"

    worker = None
    if a.as_job:  # issue 17: the import runs in the background worker, as the import page hands it over
        worker = subprocess.Popen(
            [*cli, "worker", "--interval", "0.2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tertial.web.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    lua = work / "report.lua"
    lua.write_text(LUA)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/helse/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        engine = "SQLite" if a.sqlite else "PostgreSQL"
        print(f"gunicorn 2 workers, {engine}, DEBUG off, 100 units; wrk {a.connections} connections, {a.seconds} s"
              f"; {os.cpu_count()} CPUs; load average before {os.getloadavg()[0]:.1f}")  # fmt: skip
        print(f"{'page':<30}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        results: dict[str, list[tuple[float, float, float, float, int]]] = {}

        def measure(name: str, path: str, staff: bool, seconds: int) -> tuple[float, float, float, float, int] | None:
            url = f"http://127.0.0.1:{PORT}{path}"
            headers = {"Cookie": cookie} if staff else {}
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
                    if staff and "/login" in r.geturl():
                        raise OSError("the session was not accepted")
            except OSError as exc:
                print(f"{name:<30} skipped ({exc})")
                return None
            cmd = ["wrk", "-t2", f"-c{a.connections}", f"-d{seconds}s", "-s", str(lua), url]
            if staff:
                cmd[1:1] = ["-H", f"Cookie: {cookie}"]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            m = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", out)
            requests, errors, micros, p50, p95, p99, timeouts = m.groups()
            rps = int(requests) / (int(micros) / 1e6)
            shown = f"{errors} ({timeouts} t/o)" if int(timeouts) else errors  # timeouts: no answer within 2 s
            print(f"{name:<30}{rps:>9.1f}{float(p50):>9.1f}{float(p95):>9.1f}{float(p99):>9.1f}{shown:>8}")
            return rps, float(p50), float(p95), float(p99), int(errors)

        for _ in range(a.repeat):
            for name, path, staff in PAGES:
                if (row := measure(name, path, staff, a.seconds)) is not None:
                    results.setdefault(name, []).append(row)
        if a.during_import:
            ledger = work / "big.csv"
            with ledger.open("w") as f:  # ~one balance per line: 3 months after the locked March, 100 units
                f.write("periode;ansvar;art;funksjon;belop\n")
                for i in range(a.during_import):
                    f.write(f"2024{i % 3 + 4:02d};{1000 + i % 100};{10000 + i % 997};{100 + i % 89};{i % 1000},50\n")
            print(f"\nduring an import of {a.during_import:,} ledger lines (errors: non-2xx/3xx and timeouts)")
            for name, path, staff in PAGES:
                if name not in DURING_IMPORT:
                    continue
                if a.as_job:
                    importer = JobImport(env, ledger, work / "tertial.sqlite3" if a.sqlite else None)
                else:
                    importer = subprocess.Popen(
                        [*cli, "import", "actuals", str(ledger), "--year", "2024"], env=env, stdout=subprocess.DEVNULL
                    )
                started = time.monotonic()
                while not (sqlite_writing(work / "tertial.sqlite3") if a.sqlite else copying(ADMIN_PG, DB)):
                    if importer.poll() is not None:
                        sys.exit("the import ended before its COPY was seen")
                    time.sleep(0.05)
                print(f"  (import writing after {time.monotonic() - started:.0f} s)")
                measure(f"{name} [import]", path, staff, a.import_seconds)
                running = importer.poll() is None
                importer.wait()
                print(f"  (import {'still running when wrk ended' if running else 'ENDED BEFORE wrk'};"
                      f" done after {time.monotonic() - started:.0f} s, exit {importer.returncode})")  # fmt: skip
        if a.repeat > 1:
            print(f"\nbest of {a.repeat} (spread of req/s and p95 in brackets)")
            for name, runs in results.items():
                rps = [r[0] for r in runs]
                p95 = [r[2] for r in runs]
                print(f"{name:<30}{max(rps):>9.0f} [{min(rps):.0f}–{max(rps):.0f}]  p95 {min(p95):.1f} ms "
                      f"[{min(p95):.1f}–{max(p95):.1f}]")  # fmt: skip
    finally:
        server.terminate()
        server.wait()
        if worker is not None:
            worker.terminate()
            worker.wait()
        if not a.sqlite:
            with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
