"""What writing the balances of a general-ledger import costs in PostgreSQL, constraint by
constraint: COPY the same ~386 000 aggregated balances (benchmarks/gl_synth.py, 10 M lines) into
a table like budget_balance with no constraint, with its unique key, with its foreign key (deferred,
as Django creates it: checked at commit), with both, and with both dropped for the COPY and created
again in the same transaction (the import's bulk load). For the bulk variant "COPY s" includes the
index builds and the foreign key's VALIDATE.

    .venv/bin/python benchmarks/balance_write_cost.py [--rows 10000000] [--repeat 2]

Prints the COPY and the commit seconds per variant. Uses a scratch database (dropped at the end).
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import psycopg

HERE = Path(__file__).resolve().parent
PG_ADMIN = os.environ.get("TERTIAL_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB = "tertial_write_cost"
COLUMNS = "id bigserial PRIMARY KEY, unit_id bigint NOT NULL, period smallint NOT NULL, art varchar(20) NOT NULL, funksjon varchar(20) NOT NULL, prosjekt varchar(40) NOT NULL, amount bigint NOT NULL"  # noqa: E501
UNIQUE = "CONSTRAINT k UNIQUE (unit_id, period, art, funksjon, prosjekt)"
FK = "CONSTRAINT f FOREIGN KEY (unit_id) REFERENCES unit (id) DEFERRABLE INITIALLY DEFERRED"
BULK = "both, bulk"  # both, dropped for the COPY and created again (index builds, one VALIDATE)
VARIANTS = {
    "no constraint": "",
    "unique key": f", {UNIQUE}",
    "foreign key": f", {FK}",
    "both": f", {UNIQUE}, {FK}",
    BULK: f", {UNIQUE}, {FK}",
}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "tertial-bench"))
    a = p.parse_args()
    sys.path.insert(0, str(HERE))
    from gl_synth import unit_codes, write_gl

    from tertial.importers.actuals import read_actuals

    gl = Path(a.dir) / f"gl-{a.rows}.csv"
    if not gl.exists():
        gl.parent.mkdir(parents=True, exist_ok=True)
        write_gl(gl, a.rows)
    codes = unit_codes(600)
    balances = read_actuals(gl, year=2024, known_units=codes).balances
    ids = pl.DataFrame({"ansvar": codes, "unit_id": list(range(1, len(codes) + 1))})
    cols = ["unit_id", "period", "art", "funksjon", "prosjekt", "amount"]
    rows = balances.join(ids, on="ansvar").select(cols).sort(cols[:-1])
    buf = io.BytesIO()
    rows.write_csv(buf, include_header=False, separator="\t", quote_style="never")
    data = buf.getvalue()
    with psycopg.connect(PG_ADMIN, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {DB}")
        c.execute(f"CREATE DATABASE {DB}")
    try:
        with psycopg.connect(PG_ADMIN.rsplit("/", 1)[0] + "/" + DB) as conn:
            conn.execute("CREATE TABLE unit (id bigint PRIMARY KEY)")
            conn.execute(f"INSERT INTO unit SELECT generate_series(1, {len(codes)})")
            conn.commit()
            print(f"{rows.height:,} balances; load average {os.getloadavg()[0]:.1f}")
            print(f"{'table':<16}{'COPY s':>8}{'commit s':>10}{'total s':>9}")
            for _ in range(a.repeat):
                for name, extra in VARIANTS.items():
                    conn.execute("DROP TABLE IF EXISTS t")
                    conn.execute(f"CREATE TABLE t ({COLUMNS}{extra})")
                    conn.commit()
                    bulk = name == BULK
                    t = time.perf_counter()
                    if bulk:  # what web/budget/balance_store.py `_postgres_bulk_load` does, in one transaction
                        conn.execute("ALTER TABLE t DROP CONSTRAINT f, DROP CONSTRAINT k, DROP CONSTRAINT t_pkey")
                    with conn.cursor().copy(f"COPY t ({', '.join(cols)}) FROM STDIN") as copy:
                        copy.write(data)
                    if bulk:
                        conn.execute(f"ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id), ADD {UNIQUE}")
                        conn.execute(f"ALTER TABLE t ADD {FK} NOT VALID")
                        conn.execute("ALTER TABLE t VALIDATE CONSTRAINT f")
                    t_copy = time.perf_counter()
                    conn.commit()
                    t_end = time.perf_counter()
                    print(f"{name:<16}{t_copy - t:>8.2f}{t_end - t_copy:>10.2f}{t_end - t:>9.2f}")
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
