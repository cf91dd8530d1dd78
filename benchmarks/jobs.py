"""The cost of running a general-ledger import as a background job (issue 17), against importing it
directly as `tertial import actuals` does.

    PYTHONPATH=src python benchmarks/jobs.py [--rows 2000000] [--repeat 2] [--postgres]

Each round imports the same synthetic ledger (benchmarks/gl_synth.py) into a fresh SQLite file (or a
fresh PostgreSQL database) three ways, alternating:
- direct: `import_file("actuals", …)`, what the CLI runs;
- job in-process: the import job's own code (tertial.web.uploads.tasks.import_job) called in this
  process: stage progress on a second connection, the change summary before/after, the job rows;
- job by the worker: the job enqueued and run by a `tertial worker` subprocess (queue polling every
  0,2 s), timed from enqueue to the job's «done» as a user waits for it.
Prints seconds per way (best of --repeat) and the added cost in percent (target: under 5 %).
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gl_synth import write_gl, write_org

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=2_000_000)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--postgres", action="store_true")
    a = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tertial-jobs-bench-"))
    gl, org = work / "gl.csv", work / "org.csv"
    write_gl(gl, a.rows)
    write_org(org)
    if a.postgres:
        import psycopg

        name = f"tertial_jobs_bench_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.update(
        TERTIAL_DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="tertial.web.settings",
        TERTIAL_UPLOAD_DIR=str(work / "up"),
        TERTIAL_LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.core.management import call_command

    from tertial.web.imports import ImportRequest, import_file
    from tertial.web.jobs.models import Job
    from tertial.web.jobs.services import job_create
    from tertial.web.org.services import municipality_set
    from tertial.web.uploads.tasks import import_job

    call_command("migrate", verbosity=0)
    municipality_set(name="Benchmark kommune")
    import_file("org", ImportRequest(path=org, year=2024))
    import_file("actuals", ImportRequest(path=gl, year=2024))  # warm: the balances exist before each round

    def params() -> dict:
        copy = work / f"{uuid.uuid4().hex}.csv"
        shutil.copyfile(gl, copy)
        return {"kind": "actuals", "year": 2024, "period": None, "path": str(copy), "client_name": "gl.csv"}

    def direct() -> float:
        t = time.perf_counter()
        import_file("actuals", ImportRequest(path=gl, year=2024))
        return time.perf_counter() - t

    def in_process() -> float:
        job = Job.objects.create(kind="import", title="bench", params=params(), confirmed=True)
        t = time.perf_counter()
        import_job.call(job_id=job.pk)
        seconds = time.perf_counter() - t
        assert Job.objects.get(pk=job.pk).state == "done", Job.objects.get(pk=job.pk).message
        return seconds

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    worker = subprocess.Popen(
        [sys.executable, "-m", "tertial.cli.main", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def by_worker() -> float:
        job_params = params()
        t = time.perf_counter()
        job = job_create(kind="import", title="bench", params=job_params, task=import_job, created_by_id=None)
        Job.objects.filter(pk=job.pk).update(confirmed=True)
        while Job.objects.filter(pk=job.pk).values_list("state", flat=True)[0] not in ("done", "failed"):
            time.sleep(0.02)
        seconds = time.perf_counter() - t
        assert Job.objects.get(pk=job.pk).state == "done", Job.objects.get(pk=job.pk).message
        return seconds

    times: dict[str, list[float]] = {"direct": [], "job in-process": [], "job by the worker": []}
    try:
        for _ in range(a.repeat):
            times["direct"].append(direct())
            times["job in-process"].append(in_process())
            times["job by the worker"].append(by_worker())
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    base = min(times["direct"])
    db = "PostgreSQL" if a.postgres else "SQLite"
    print(f"{a.rows:,} lines, {gl.stat().st_size / 1e6:.0f} MB, {db}, best of {a.repeat}".replace(",", " "))
    for way, values in times.items():
        best = min(values)
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {way:<18} {best:6.2f} s  ({runs})  {100 * (best - base) / base:+5.1f} %")
    shutil.rmtree(work, ignore_errors=True)
    if a.postgres:  # the benchmark's own database goes with it
        from django.db import connections

        connections.close_all()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
