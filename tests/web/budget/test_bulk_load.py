"""Bulk-loading the ledger into PostgreSQL (`_bulk_load` in web/budget/balance_store.py): an import large
enough to load the balance table without its indexes and foreign key ends with the same balances as
one inserted under them, and with the table's constraints exactly as the migrations made them, still
enforced. On SQLite every load is incremental (the unique key is part of the table there); the same
tests check that it leaves the same balances and schema."""

from collections import defaultdict

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tertial.web.budget.balance_store import _bulk_load
from tertial.web.budget.models import Balance
from tertial.web.imports import ImportRequest, import_file
from tertial.web.org.models import Unit

BULK = 0  # TERTIAL_BULK_LOAD_MIN_BALANCES that lets any import large against the table go in bulk
NEVER = 10**9


def ledger(path, months, arts, shift=0):
    """A general-ledger file, and the balances (øre) it should leave, keyed as the table keys them."""
    expected: dict[tuple, int] = defaultdict(int)
    lines = ["periode;ansvar;art;funksjon;prosjekt;belop"]
    for month in months:
        for i, ansvar in enumerate(("130", "137", "235")):
            for art in range(arts):
                for posting in range(2):  # two postings per balance: the import must add them up
                    ore = (month * 1_000_003 + i * 7_919 + art * 131 + posting * 17 + shift) * (-1 if art % 5 else 1)
                    kroner = f"{'-' if ore < 0 else ''}{abs(ore) // 100},{abs(ore) % 100:02d}"  # decimal comma
                    lines.append(f"2024{month:02d};{ansvar};{10000 + art};20{i};{'P1' if art % 3 else ''};{kroner}")
                    expected[(ansvar, month, str(10000 + art), f"20{i}", "P1" if art % 3 else "")] += ore
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, dict(expected)


def balances():
    return {
        (b["unit__code"], b["period"], b["art"], b["funksjon"], b["prosjekt"]): b["amount"]
        for b in Balance.objects.values("unit__code", "period", "art", "funksjon", "prosjekt", "amount")
    }


def schema():
    """The balance table's constraints and indexes as the database describes them."""
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(
                "SELECT conname, contype, pg_get_constraintdef(oid), convalidated, condeferrable, condeferred"
                " FROM pg_constraint WHERE conrelid = 'budget_balance'::regclass ORDER BY conname"
            )
            constraints = c.fetchall()
            c.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'budget_balance' ORDER BY 1")
            return constraints, c.fetchall()
        c.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'budget_balance' ORDER BY name")
        return c.fetchall()


def load(path, settings, min_balances):
    settings.TERTIAL_BULK_LOAD_MIN_BALANCES = min_balances
    with CaptureQueriesContext(connection) as ctx:
        import_file("actuals", ImportRequest(path=path, year=2024))
    bulk = any("budget_balance_load" in q["sql"] for q in ctx.captured_queries)
    assert not bulk or connection.vendor == "postgresql"
    return bulk


def bulk_expected(min_balances=BULK):
    return min_balances == BULK and connection.vendor == "postgresql"


@pytest.mark.parametrize("min_balances", [BULK, NEVER], ids=["bulk", "incremental"])
def test_bulk_and_incremental_loads_leave_the_files_balances(world, tmp_path, settings, min_balances):
    path, expected = ledger(tmp_path / "gl.csv", months=(1, 2, 3), arts=40)
    assert load(path, settings, min_balances) is bulk_expected(min_balances)
    assert balances() == expected
    assert len(expected) == 360


def test_a_bulk_load_restores_the_tables_constraints_exactly_and_they_still_hold(world, tmp_path, settings):
    before = schema()
    assert load(ledger(tmp_path / "gl.csv", months=(1, 2), arts=30)[0], settings, BULK) is bulk_expected()
    assert schema() == before
    ids = list(Balance.objects.values_list("id", flat=True))
    assert len(set(ids)) == len(ids) == 180
    one = Balance.objects.select_related("unit").first()
    later = Balance.objects.create(unit=one.unit, period=12, art="1", funksjon="1", amount=1)
    assert later.id > max(ids)  # the sequence goes on after the ids the load reserved
    with pytest.raises(IntegrityError), transaction.atomic():  # the unique key
        Balance.objects.create(unit=one.unit, period=one.period, art=one.art, funksjon=one.funksjon,
                               prosjekt=one.prosjekt, amount=1)  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():  # the foreign key to the unit
        Balance.objects.create(unit_id=max(Unit.objects.values_list("id", flat=True)) + 1000, period=1, art="1",
                               funksjon="1", amount=1)  # fmt: skip
        connection.check_constraints()


def test_a_bulk_load_of_one_month_keeps_the_other_months(world, tmp_path, settings):
    _, first = ledger(tmp_path / "q1.csv", months=(1, 3), arts=5)
    load(tmp_path / "q1.csv", settings, NEVER)
    path, february = ledger(tmp_path / "feb.csv", months=(2,), arts=20)  # larger than the months that stay
    assert load(path, settings, BULK) is bulk_expected()
    assert balances() == {**first, **february}
    path, corrected = ledger(tmp_path / "feb2.csv", months=(2,), arts=20, shift=1)
    assert load(path, settings, BULK) is bulk_expected()  # February is deleted, January and March stay
    assert balances() == {**first, **corrected}


def test_a_bulk_reimport_with_every_amount_changed_replaces_them(world, tmp_path, settings):
    path, _ = ledger(tmp_path / "a.csv", months=(1, 2), arts=30)
    assert load(path, settings, BULK) is bulk_expected()
    path, changed = ledger(tmp_path / "b.csv", months=(1, 2), arts=30, shift=1)
    assert load(path, settings, BULK) is bulk_expected()  # all the table holds: emptied, loaded in bulk
    assert balances() == changed
    path, again = ledger(tmp_path / "c.csv", months=(1, 2), arts=30, shift=1)
    assert load(path, settings, BULK) is bulk_expected()  # nothing changed, and still large: in bulk
    assert balances() == again == changed
    assert not load(path, settings, NEVER)  # below the rule: only the difference (none) is written
    assert balances() == changed


@pytest.mark.parametrize(
    ("new", "kept", "minimum", "bulk"),
    [
        (386_347, 0, 100_000, True),  # a year's ledger into an empty table
        (386_347, 386_347, 100_000, True),  # as large as what stays
        (386_347, 1_545_388, 100_000, False),  # four earlier years stay: insert under the constraints
        (32_000, 0, 100_000, False),  # a month of a large kommune: never worth blocking readers
    ],
)
def test_the_bulk_rule(settings, new, kept, minimum, bulk):
    settings.TERTIAL_BULK_LOAD_MIN_BALANCES = minimum
    assert _bulk_load(new=new, kept=kept) is bulk
