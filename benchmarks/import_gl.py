"""Import speed of the general ledger, side by side with the bare tools, in one run.

    .venv/bin/python benchmarks/import_gl.py --rows 10000000

Steps (each in its own process, so peak RSS is per step):
  polars     bare Polars lazy group-by of the file (exact Decimal(18,2))
  duckdb     bare DuckDB group-by of the file (DECIMAL(18,2))
  limit      the pipeline's physical limit: bare Polars group-by + psycopg COPY into an empty table
  tertial-pg   `tertial import actuals` into PostgreSQL (parse, validate, aggregate, write, commit)
  tertial-pg-again  the same file again (replaces; must leave the same balances)
  tertial-pg-changed  a file with the same shape but other amounts (seed 2025): nearly every
                    balance changes — the worst case for a re-import
  tertial-sqlite    the same into a SQLite file
Prints seconds, rows/s, peak RSS and the ratios to the pipeline limit.

    --repeat 3        run the whole set three times; prints each run and the best and spread
                      per step (the machine is shared: compare ratios within one run)
    --steps a,b       only these steps (limit is always run: it is the yardstick)
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG_ADMIN = os.environ.get("TERTIAL_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "tertial_bench"
KEYS = ["periode", "ansvar", "art", "funksjon", "prosjekt"]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_polars(path: Path) -> dict:
    import polars as pl

    t = time.perf_counter()
    df = (
        pl.scan_csv(path, separator=";", decimal_comma=True, schema_overrides={
            **{k: pl.String for k in KEYS}, "belop": pl.Decimal(18, 2)})
        .group_by(KEYS).agg(pl.col("belop").sum()).collect()
    )  # fmt: skip
    return {"seconds": time.perf_counter() - t, "balances": df.height, "total": str(df["belop"].sum())}


def step_duckdb(path: Path) -> dict:
    import duckdb

    t = time.perf_counter()
    rows = duckdb.sql(
        f"""SELECT count(*), sum(s) FROM (SELECT periode, ansvar, art, funksjon, prosjekt, sum(belop) s
            FROM read_csv('{path}', delim=';', header=true, decimal_separator=',',
                 columns={{'periode':'VARCHAR','ansvar':'VARCHAR','art':'VARCHAR','funksjon':'VARCHAR',
                           'prosjekt':'VARCHAR','belop':'DECIMAL(18,2)'}})
            GROUP BY ALL)"""
    ).fetchall()
    return {"seconds": time.perf_counter() - t, "balances": rows[0][0], "total": str(rows[0][1])}


def step_limit(path: Path) -> dict:
    import io

    import polars as pl
    import psycopg

    t = time.perf_counter()
    df = (
        pl.scan_csv(path, separator=";", decimal_comma=True, schema_overrides={
            **{k: pl.String for k in KEYS}, "belop": pl.Decimal(18, 2)})
        .group_by(KEYS).agg((pl.col("belop").sum() * 100).cast(pl.Int64).alias("ore")).collect()
    )  # fmt: skip
    t_group = time.perf_counter() - t
    with psycopg.connect(_db_url(BENCH_DB)) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_limit")
        conn.execute(
            "CREATE TABLE bench_limit (periode text, ansvar text, art text, funksjon text, prosjekt text, ore bigint)"
        )
        buf = io.BytesIO()
        df.write_csv(buf, include_header=False, separator="\t", quote_style="never", null_value="")
        with conn.cursor().copy("COPY bench_limit FROM STDIN") as copy:
            copy.write(buf.getvalue())
        conn.commit()
        conn.execute("DROP TABLE bench_limit")
        conn.commit()
    return {"seconds": time.perf_counter() - t, "group_seconds": t_group, "balances": df.height}


def _db_url(name: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def step_tertial(path: Path, db_url: str, org: Path) -> dict:
    os.environ["TERTIAL_DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tertial.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tertial.web.budget.models import Balance
    from tertial.web.imports import ImportRequest, import_file
    from tertial.web.org.models import Unit
    from tertial.web.org.services import municipality_set

    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(budget_year__year=2024).exists():
        municipality_set(name="Benchmark kommune")
        import_file("org", ImportRequest(path=org, year=2024))
    from tertial.importers.actuals import read_actuals
    from tertial.web.budget.services import actuals_import

    t = time.perf_counter()  # what `tertial import actuals` does (web/imports.py), timed in two halves
    batch = read_actuals(
        path, year=2024, known_units=set(Unit.objects.filter(budget_year__year=2024).values_list("code", flat=True))
    )
    t_read = time.perf_counter() - t
    receipt = actuals_import(batch=batch)
    seconds = time.perf_counter() - t
    from django.db.models import Count, Sum

    agg = Balance.objects.aggregate(n=Count("id"), s=Sum("amount"))
    return {"seconds": seconds, "read_seconds": t_read, "balances": agg["n"], "total_ore": agg["s"], "receipt": receipt}


def run_step(name: str, args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "tertial-bench"))
    p.add_argument("--step")
    p.add_argument("--file")
    p.add_argument("--db")
    p.add_argument("--org")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--steps", default="polars,duckdb,tertial-pg,tertial-pg-again,tertial-pg-changed,tertial-sqlite")
    a = p.parse_args()

    if a.step:
        path = Path(a.file)
        fn = {
            "polars": lambda: step_polars(path),
            "duckdb": lambda: step_duckdb(path),
            "limit": lambda: step_limit(path),
            "tertial": lambda: step_tertial(path, a.db, Path(a.org)),
        }[a.step]
        result = fn()
        result["peak_rss_mb"] = round(_rss_mb(), 1)
        print(json.dumps(result))
        return

    sys.path.insert(0, str(HERE))
    from gl_synth import write_gl, write_org

    work = Path(a.dir)
    work.mkdir(parents=True, exist_ok=True)
    gl = work / f"gl-{a.rows}.csv"
    if not gl.exists():
        t = time.perf_counter()
        write_gl(gl, a.rows)
        print(f"generated {gl} ({gl.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s")
    org = work / "org-600.csv"
    write_org(org)

    changed = work / f"gl-{a.rows}-changed.csv"
    if "tertial-pg-changed" in a.steps and not changed.exists():
        write_gl(changed, a.rows, seed=2025)

    steps = ["limit", *[s for s in a.steps.split(",") if s and s != "limit"]]
    runs = [_run_once(a, gl, changed, org, work, steps) for _ in range(a.repeat)]
    if a.repeat > 1:
        print(f"\nover {a.repeat} runs: best seconds, spread (max - min), ratio to the same run's limit (best, worst)")
        for name in steps:
            secs = [r[name]["seconds"] for r in runs]
            ratios = [r[name]["seconds"] / r["limit"]["seconds"] for r in runs]
            print(f"{name:<20}{min(secs):>8.2f}{max(secs) - min(secs):>8.2f}{min(ratios):>8.2f}{max(ratios):>8.2f}")


def _run_once(a, gl: Path, changed: Path, org: Path, work: Path, steps: list[str]) -> dict:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    sqlite = work / "bench.sqlite3"
    sqlite.unlink(missing_ok=True)

    common = ["--file", str(gl), "--org", str(org)]
    pg = ["--db", _db_url(BENCH_DB)]
    commands = {
        "polars": ("polars", common),
        "duckdb": ("duckdb", common),
        "limit": ("limit", common),
        "tertial-pg": ("tertial", [*common, *pg]),
        "tertial-pg-again": ("tertial", [*common, *pg]),
        "tertial-pg-changed": ("tertial", ["--file", str(changed), "--org", str(org), *pg]),
        "tertial-sqlite": ("tertial", [*common, "--db", f"sqlite:///{sqlite}"]),
    }
    results = {name: run_step(*commands[name]) for name in steps}
    limit = results["limit"]["seconds"]
    print(
        f"\n{a.rows:,} lines, {gl.stat().st_size / 1e6:.0f} MB; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}"
        f"; load average before the run {os.getloadavg()[0]:.1f}"
    )
    print(f"{'step':<20}{'seconds':>9}{'lines/s':>12}{'peak RSS MB':>13}{'× limit':>9}  balances  (read + write)")
    for name, r in results.items():
        split = f"  ({r['read_seconds']:.2f} + {r['seconds'] - r['read_seconds']:.2f})" if "read_seconds" in r else ""
        if name == "limit":
            split = f"  ({r['group_seconds']:.2f} + {r['seconds'] - r['group_seconds']:.2f})"
        print(
            f"{name:<20}{r['seconds']:>9.2f}{a.rows / r['seconds']:>12,.0f}{r['peak_rss_mb']:>13.0f}"
            f"{r['seconds'] / limit:>9.2f}  {r.get('balances')}{split}"
        )
    if "tertial-pg" in results and "tertial-pg-again" in results:
        same = results["tertial-pg"]["total_ore"] == results["tertial-pg-again"]["total_ore"] and (
            results["tertial-pg"]["balances"] == results["tertial-pg-again"]["balances"]
        )
        print(f"re-import leaves the same balances: {same}")
    if "tertial-pg" in results and "polars" in results:
        print(f"exact totals: polars {results['polars']['total']} "
              f"tertial {results['tertial-pg']['total_ore'] / 100:.2f}")  # fmt: skip
    if "tertial-pg-changed" in results:
        print(f"changed file: {results['tertial-pg-changed']['balances']} balances, "
              f"total {results['tertial-pg-changed']['total_ore'] / 100:.2f}")  # fmt: skip
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    return results


if __name__ == "__main__":
    main()
