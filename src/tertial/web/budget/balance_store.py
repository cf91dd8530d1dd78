"""How the balances of a ledger import are written: the storage machinery behind
budget.services.actuals_import (docs/decisions.md, «A large ledger import is bulk-loaded»).

`balances_replace` makes the balances of some months exactly a file's balances, choosing per database
and per load: on PostgreSQL a COPY into a new table without indexes and foreign keys, swapped in at
the end, for a load large against the table (`_bulk_load`, `_postgres_bulk_load`), a staged
difference for a re-import that changes little, or a plain COPY; on SQLite a DELETE and an
executemany. `ledger_import_lock` lets one ledger import run at a time on PostgreSQL. Behaviour and
measurements: benchmarks/RESULTS.md.
"""

import io
import re
from collections.abc import Sequence

import polars as pl
from django.conf import settings
from django.db import connection

from tertial.web.org.models import Unit

from .models import Balance

BALANCE_COLUMNS = ("unit_id", "period", "art", "funksjon", "prosjekt", "amount")
_LEDGER_IMPORT_LOCK = 0x7465_7274_6961_6C  # PostgreSQL advisory lock key of the ledger import ("tertial")


def _copy_rows(cursor, table: str, rows: pl.DataFrame) -> None:
    """COPY `rows` into the columns of `table` they are named after, as tab-separated text."""
    buf = io.BytesIO()
    rows.write_csv(buf, include_header=False, separator="\t", quote_style="never")
    with cursor.copy(f"COPY {table} ({', '.join(rows.columns)}) FROM STDIN") as copy:
        copy.write(buf.getvalue())


def _bulk_load(*, new: int, kept: int) -> bool:
    """Whether a load of `new` balances into a table keeping `kept` others should go without indexes.

    Measured on 386 347 balances (benchmarks/balance_write_cost.py): building the indexes afresh over
    the whole table costs less than inserting the new entries one by one as long as the table is not
    much larger than the load, and below a hundred thousand balances (a month of a large kommune)
    the incremental insert is fast enough that blocking readers is not worth it.
    """
    return new >= max(settings.TERTIAL_BULK_LOAD_MIN_BALANCES, kept)


LOAD_TABLE = "budget_balance_load"  # the new balance table of a bulk load, until it is swapped in


def _postgres_bulk_load(cursor, table: str, rows: pl.DataFrame, *, keep: str, params: list) -> None:
    """Replace `table` by a new table holding its balances that match `keep` and `rows`, swapped in at the end.

    PostgreSQL's own advice for bulk loads ("Populating a Database" in its manual): COPY into a table
    without indexes, then one sorted index build and one set-based foreign-key check (VALIDATE)
    instead of an index insertion and a trigger-fired lookup of the unit per row. The work is done
    in a new table (LOAD_TABLE) while readers go on reading the old one: the old table is only
    share-locked (no other writer), the unit table share-row-exclusive-locked by the new foreign key
    (readers pass). Only the swap at the end — DROP the old table, RENAME the new one and its keys,
    indexes and sequence to the catalogue's names — takes ACCESS EXCLUSIVE locks, for milliseconds
    before the import commits (issue 22: before, the table was locked for the whole load and every
    status-page request waited). Names, definitions, deferral and validation come from the catalogue,
    so the table ends exactly as the migrations left it. All of it is inside the import's
    transaction: a failure or a kill rolls it all back, and the old table is untouched.
    """
    quote = connection.ops.quote_name
    cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")  # no other writer; readers go on
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f') ORDER BY contype DESC, conname",
        [table],
    )
    constraints = cursor.fetchall()  # p and u before f
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i WHERE indrelid = %s::regclass"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table]
    )
    triggers = [t for (t,) in cursor.fetchall()]
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute("SELECT relname FROM pg_class WHERE oid = %s::regclass", [sequence])
    sequence_name = cursor.fetchone()[0]
    # columns, NOT NULL, defaults, identity (a sequence of its own) and CHECK constraints with their names
    cursor.execute(f"CREATE TABLE {LOAD_TABLE} (LIKE {table} INCLUDING ALL EXCLUDING INDEXES)")
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [LOAD_TABLE])
    load_sequence = cursor.fetchone()[0]
    cols = ", ".join(("id", *BALANCE_COLUMNS))
    cursor.execute(f"INSERT INTO {LOAD_TABLE} ({cols}) SELECT {cols} FROM {table} WHERE {keep}", params)
    # Ids go on from the old table's sequence, reserved in one step rather than drawn per row.
    cursor.execute("SELECT nextval(%s)", [sequence])
    first = cursor.fetchone()[0]
    if rows.height:
        cursor.execute("SELECT setval(%s, %s)", [load_sequence, first + rows.height - 1])
        _copy_rows(
            cursor.cursor, LOAD_TABLE, rows.select(pl.int_range(first, first + rows.height).alias("id"), pl.all())
        )
    else:
        cursor.execute("SELECT setval(%s, %s, false)", [load_sequence, first])
    # Keys and indexes under temporary names (an index's name is unique in the schema), renamed at the swap.
    renames = []
    keys = []
    for i, (name, _, definition) in enumerate(c for c in constraints if c[1] != "f"):
        keys.append(f"ADD CONSTRAINT {quote(f'{LOAD_TABLE}_k{i}')} {definition}")
        renames.append(f"ALTER TABLE {table} RENAME CONSTRAINT {quote(f'{LOAD_TABLE}_k{i}')} TO {quote(name)}")
    if keys:
        cursor.execute(f"ALTER TABLE {LOAD_TABLE} {', '.join(keys)}")
    for i, (name, definition) in enumerate(indexes):
        temp = quote(f"{LOAD_TABLE}_i{i}")
        cursor.execute(re.sub(r"^(CREATE (?:UNIQUE )?INDEX )\S+ ON \S+", rf"\g<1>{temp} ON {LOAD_TABLE}", definition))
        renames.append(f"ALTER INDEX {temp} RENAME TO {name.rsplit('.', 1)[-1]}")
    # ALTER TABLE and DROP TABLE refuse a table with foreign-key checks still pending in the transaction
    # (rows an earlier statement inserted): run them now; Django's foreign keys are all initially deferred.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name, kind, definition in constraints:
        if kind == "f" and definition.endswith(" NOT VALID"):  # was never validated: leave it so
            cursor.execute(f"ALTER TABLE {LOAD_TABLE} ADD CONSTRAINT {quote(name)} {definition}")
        elif kind == "f":
            cursor.execute(f"ALTER TABLE {LOAD_TABLE} ADD CONSTRAINT {quote(name)} {definition} NOT VALID")
            cursor.execute(f"ALTER TABLE {LOAD_TABLE} VALIDATE CONSTRAINT {quote(name)}")
    cursor.execute(f"ANALYZE {LOAD_TABLE}")  # readers' plans need statistics from the first query on
    # The swap: the only ACCESS EXCLUSIVE locks, taken just before the import commits.
    cursor.execute(f"DROP TABLE {table}")
    cursor.execute(f"ALTER TABLE {LOAD_TABLE} RENAME TO {table}")
    for statement in renames:
        cursor.execute(statement)
    cursor.execute(f"ALTER SEQUENCE {load_sequence} RENAME TO {quote(sequence_name)}")
    for definition in triggers:  # they name the table, which is now the new one
        cursor.execute(definition)
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def balances_replace(rows: pl.DataFrame, *, budget_year_id: int, periods: Sequence[int]) -> int:
    """Make the balances of `periods` in the budget year exactly `rows`; return how many were there.

    `rows` in any order: whatever is inserted under the unique index (unit, period, art, funksjon,
    prosjekt) is inserted in its order, so the index grows at its right edge instead of splitting
    pages all over; a bulk load leaves the sorting to the index builds.

    PostgreSQL: a load large against what stays in the table (`_bulk_load`) deletes the months and
    COPYs the file's balances without the table's indexes and foreign key (`_postgres_bulk_load`),
    first import or not: rebuilding costs about what comparing with the old balances would. Any
    other re-import COPYs into a temporary table (named budget_balance_in), counts the balances that
    stay the same, and if at least half do, applies the difference in three set-based statements —
    update the balances whose amount changed, delete those no longer in the file, insert the new
    ones — so that re-importing a corrected or extended file writes little; otherwise it deletes the
    months and inserts the temporary table's balances. SQLite: one DELETE and one
    executemany of plain tuples on the driver's cursor (its unique key is part of the table's
    definition there, so it cannot be dropped for a load).
    """
    table = Balance._meta.db_table
    unit_table = Unit._meta.db_table
    cols = ", ".join(BALANCE_COLUMNS)
    months = list(periods)
    # the balances being replaced, as a condition on the table's own columns (params: year id, *months)
    replaced = (
        f"unit_id IN (SELECT id FROM {unit_table} WHERE budget_year_id = %s)"
        f" AND period IN ({', '.join(['%s'] * len(months))})"
    )
    params = [budget_year_id, *months]
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {replaced}", params)
        existing = cursor.fetchone()[0]
        # Whether more than `rows.height` balances stay is counted with a bound, so a large table is
        # never counted in full.
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) t", [existing + rows.height + 1])
        kept = cursor.fetchone()[0] - existing
        bulk = postgres and _bulk_load(new=rows.height, kept=kept)
        staged = False
        if postgres and existing and not bulk:
            cursor.execute(
                "CREATE TEMPORARY TABLE budget_balance_in (unit_id bigint, period smallint, art text,"
                " funksjon text, prosjekt text, amount bigint) ON COMMIT DROP"
            )
            _copy_rows(cursor.cursor, "budget_balance_in", rows)
            cursor.execute("ANALYZE budget_balance_in")
            same_key = " AND ".join(f"n.{c} = b.{c}" for c in BALANCE_COLUMNS[:-1])
            cursor.execute(
                f"SELECT count(b.id), count(b.id) FILTER (WHERE b.amount = n.amount)"
                f" FROM budget_balance_in n LEFT JOIN {table} b ON {same_key}"
            )
            matched, unchanged = cursor.fetchone()  # file balances already there; of those, with the same amount
            if 2 * unchanged >= existing:  # mostly the same figures: write only the difference
                if unchanged < matched:
                    cursor.execute(
                        f"UPDATE {table} b SET amount = n.amount FROM budget_balance_in n"
                        f" WHERE {same_key} AND b.amount <> n.amount",
                    )
                if matched < existing:
                    cursor.execute(
                        f"DELETE FROM {table} b WHERE {replaced}"
                        f" AND NOT EXISTS (SELECT 1 FROM budget_balance_in n WHERE {same_key})",
                        params,
                    )
                if matched < rows.height:
                    cursor.execute(
                        f"INSERT INTO {table} ({cols}) SELECT {cols} FROM budget_balance_in n WHERE NOT EXISTS"
                        f" (SELECT 1 FROM {table} b WHERE {same_key}) ORDER BY {cols}"
                    )
                cursor.execute("DROP TABLE budget_balance_in")
                return existing
            staged = True
        if bulk:
            _postgres_bulk_load(cursor, table, rows, keep=f"NOT ({replaced})", params=params)
            return existing
        if existing:
            cursor.execute(f"DELETE FROM {table} WHERE {replaced}", params)
        if staged:
            cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM budget_balance_in ORDER BY {cols}")
            cursor.execute("DROP TABLE budget_balance_in")
        else:  # in the unique index's order, so that the index grows at its right edge
            rows = rows.sort(BALANCE_COLUMNS[:-1])
            if postgres:
                _copy_rows(cursor.cursor, table, rows)
            else:
                placeholders = ", ".join(["?"] * len(BALANCE_COLUMNS))
                # the driver's own connection (same transaction): Django's cursor wrapper tees every row
                connection.connection.executemany(
                    f"INSERT INTO {table} ({cols}) VALUES ({placeholders})", rows.iter_rows()
                )
    return existing


def ledger_import_lock() -> None:
    """On PostgreSQL, wait until no other ledger import runs (until this transaction ends): two bulk
    loads would each hold a share lock on the balance table that the other's ALTER TABLE waits for —
    a deadlock, one import refused (tested)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LEDGER_IMPORT_LOCK])
