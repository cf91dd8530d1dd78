"""Concurrent edits from separate OS processes on PostgreSQL (issue 10).

Two processes (spawned, each with its own database connection, against the committed data of a
transactional test database; see race_workers.py for why not forked) act at the same moment,
released together by a barrier. Each race is
repeated, so that a lost update or a write slipping past a lock would be likely to show if the code
were wrong. SQLite serialises every write on one file and has no row locks to test, hence the skip.
"""

import multiprocessing
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from tertial.core.rounds import ROUND_LOCKED, STALE_EDIT
from tertial.web.budget.models import Forecast
from tertial.web.locks import PERIOD_LOCKED
from tertial.web.rounds.models import Task
from tertial.web.rounds.services import round_open
from tests.web import race_workers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across processes are tested on PostgreSQL (CI runs it)"
)

RACES = 20
YEAR = 2024
STALE = STALE_EDIT.split("{who}")[0]  # «Enheten ble endret av »


def _form(version: int, forecast: str) -> dict:
    return {
        "version": str(version),
        "forecast": forecast,
        "cause": f"Prognose {forecast}",
        "consequence": "",
        "text": "",
        "tiltak-TOTAL_FORMS": "0",
        "tiltak-INITIAL_FORMS": "0",
        "tiltak-MIN_NUM_FORMS": "0",
        "tiltak-MAX_NUM_FORMS": "20",
    }


def _run(ctx, targets) -> None:
    db_name = connection.settings_dict["NAME"]  # the test database, which the children connect to
    procs = [ctx.Process(target=t, args=(db_name, *a)) for t, a in targets]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        if p.exitcode is None:
            p.kill()
        assert p.exitcode == 0


@pytest.mark.django_db(transaction=True)
def test_two_processes_saving_the_same_units_forecast_from_the_same_version_one_wins(world, leader_235):
    ctx = multiprocessing.get_context("spawn")
    rnd = round_open(year=YEAR, month=3, deadline=date(2024, 4, 10), actor="test")
    task = Task.objects.get(round=rnd, unit__code="235")
    url = reverse("rounds:prognosis-save", args=[YEAR, 3, "235"])
    for race in range(RACES):
        version = Task.objects.get(pk=task.pk).version
        barrier, results = ctx.Barrier(2), ctx.Queue()
        amounts = [f"{1_000 + race}", f"{2_000 + race}"]
        _run(
            ctx,
            [
                (race_workers.save_worker, (barrier, results, leader_235.pk, url, _form(version, a), STALE, a))
                for a in amounts
            ],
        )
        outcome = sorted((results.get(timeout=10) for _ in amounts), key=lambda r: r[1])
        (won, won_status, _), (_lost, lost_status, lost_stale) = outcome
        assert (won_status, lost_status, lost_stale) == (302, 409, True), f"race {race}: {outcome}"
        assert Task.objects.get(pk=task.pk).version == version + 1  # exactly one save counted
        forecast = Forecast.objects.get(unit__code="235", period=3)
        assert forecast.amount == int(won) * 100  # the winner's figure, not the loser's
        assert Task.objects.get(pk=task.pk).updated_by == "leder235"


@pytest.mark.django_db(transaction=True)
def test_a_save_racing_the_lock_is_either_in_the_snapshot_or_refused(world):
    """The lock takes its snapshot in the same transaction; a save that starts while the round is
    being locked must wait and be refused, and a save that got in first must be in the snapshot.
    Never may the live figure differ from the locked one afterwards."""
    ctx = multiprocessing.get_context("spawn")
    for month in range(1, 11):  # a fresh round per race (a locked round cannot be reopened)
        rnd = round_open(year=YEAR, month=month, deadline=date(2024, 12, 1), actor="test")
        task = Task.objects.get(round=rnd, unit__code="235")
        barrier, results = ctx.Barrier(2), ctx.Queue()
        amount = 1_000_00 * month
        _run(
            ctx,
            [
                (race_workers.lock_worker, (barrier, results, rnd.pk)),
                (race_workers.service_save_worker, (barrier, results, task.pk, amount)),
            ],
        )
        got = dict(results.get(timeout=10) for _ in range(2))
        assert got["lock"] == "ok"
        assert got["save"] in ("ok", ROUND_LOCKED, PERIOD_LOCKED.format(period=rnd.period_obj)), got
        rnd.refresh_from_db()
        row = next(r for r in rnd.snapshot.rows if r["code"] == "235")
        live = Forecast.objects.filter(unit__code="235", period=month).first()
        assert (live is not None) == row["forecast_reported"], f"month {month}: {got}"
        if live is not None:
            assert row["forecast"] == live.amount == amount


@pytest.mark.django_db(transaction=True)
def test_two_bulk_ledger_imports_at_once_both_complete_one_after_the_other(world, tmp_path, monkeypatch):
    """Both bulk loads drop and rebuild the balance table's constraints; without the import lock in
    `actuals_import` each would hold a share lock the other's ALTER TABLE waits for (a deadlock,
    one import refused). With it they run one after the other and the table ends as one file left it."""
    from tertial.web.budget.models import Balance

    monkeypatch.setenv("TERTIAL_BULK_LOAD_MIN_BALANCES", "0")  # read by the spawned children's settings
    ctx = multiprocessing.get_context("spawn")
    files = {}
    for name, shift in (("a", 0), ("b", 1)):
        lines = ["periode;ansvar;art;funksjon;belop"]
        units = ("130", "137", "235")
        lines += [f"20240{m};{u};{10000 + a};20{m};{a + shift},00" for m in (1, 2) for u in units for a in range(300)]
        path = tmp_path / f"{name}.csv"
        path.write_text("\n".join(lines) + "\n")
        files[str(path)] = shift
    for race in range(5):
        barrier, results = ctx.Barrier(2), ctx.Queue()
        _run(ctx, [(race_workers.import_worker, (barrier, results, path)) for path in files])
        outcome = dict(results.get(timeout=10) for _ in files)
        assert set(outcome.values()) == {"ok"}, f"race {race}: {outcome}"
        amounts = {(b.art, b.period, b.unit_id): b.amount for b in Balance.objects.all()}
        assert len(amounts) == 1_800
        shifts = {amount // 100 - (int(art) - 10000) for (art, _, _), amount in amounts.items()}
        assert len(shifts) == 1, f"race {race}: a mix of both files"
