"""Web speed under load: the production server (gunicorn, 2 workers, PostgreSQL, DEBUG off) with a
synthetic 100-unit municipality, driven by wrk from a second process on 127.0.0.1.

    .venv/bin/python benchmarks/web_load.py [--seconds 15] [--connections 20] [--repeat 3]

Needs `wrk` (Debian package) and gunicorn (requirements.lock). Prints req/s, p50/p95/p99 and
errors per page. Pages that do not exist in this build are skipped with a note.

The round of March is opened, locked and published, so the public status page shows the published
figures; the staff pages (status page with live figures, a unit's page) are fetched with the
session cookie of a finance user created for the run. Each page is fetched once before wrk starts,
so the numbers are the steady state (cached data fragment, see tertial.web.pagecache).
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

ADMIN_PG = os.environ.get("TERTIAL_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB = "tertial_load"
PORT = 8123
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %.3f %.3f %.3f\\n", summary.requests, summary.errors.status +
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
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


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--connections", type=int, default=20)
    p.add_argument("--repeat", type=int, default=1, help="run every page this many times (best and spread)")
    a = p.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    work = Path(tempfile.mkdtemp(prefix="tertial-load-"))
    with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    env = {
        **os.environ,
        "TERTIAL_DATABASE_URL": ADMIN_PG.rsplit("/", 1)[0] + "/" + DB,
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
        print(f"gunicorn 2 workers, PostgreSQL, DEBUG off, 100 units; wrk {a.connections} connections, {a.seconds} s"
              f"; {os.cpu_count()} CPUs; load average before {os.getloadavg()[0]:.1f}")  # fmt: skip
        print(f"{'page':<30}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        results: dict[str, list[tuple[float, float, float, float, int]]] = {}
        for _ in range(a.repeat):
            for name, path, staff in PAGES:
                url = f"http://127.0.0.1:{PORT}{path}"
                headers = {"Cookie": cookie} if staff else {}
                try:
                    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
                        if staff and "/login" in r.geturl():
                            raise OSError("the session was not accepted")
                except OSError as exc:
                    print(f"{name:<30} skipped ({exc})")
                    continue
                cmd = ["wrk", "-t2", f"-c{a.connections}", f"-d{a.seconds}s", "-s", str(lua), url]
                if staff:
                    cmd[1:1] = ["-H", f"Cookie: {cookie}"]
                out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                m = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+)", out)
                requests, errors, micros, p50, p95, p99 = m.groups()
                rps = int(requests) / (int(micros) / 1e6)
                results.setdefault(name, []).append((rps, float(p50), float(p95), float(p99), int(errors)))
                print(f"{name:<30}{rps:>9.0f}{float(p50):>9.1f}{float(p95):>9.1f}{float(p99):>9.1f}{int(errors):>8}")
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
        with psycopg.connect(ADMIN_PG, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
