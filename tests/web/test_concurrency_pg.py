"""Concurrent edits from separate OS processes on PostgreSQL (issue 10).

Two processes (forked, each with its own database connection, against the committed data of a
transactional test database) act at the same moment, released together by a barrier. Each race is
repeated, so that a lost update or a write slipping past a lock would be likely to show if the code
were wrong. SQLite serialises every write on one file and has no row locks to test, hence the skip.
"""

import multiprocessing
from datetime import date

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tertial.core.rounds import ROUND_LOCKED, STALE_EDIT
from tertial.web.budget.models import Forecast
from tertial.web.rounds.locks import PERIOD_LOCKED
from tertial.web.rounds.models import Task
from tertial.web.rounds.services import prognosis_save, round_lock, round_open

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


def _save_worker(barrier, results, user_pk: int, url: str, version: int, forecast: str) -> None:
    """One browser: log in, wait for the other, post the form with the version both started from."""
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_pk))
    barrier.wait()
    response = client.post(url, _form(version, forecast))
    results.put((forecast, response.status_code, STALE in response.content.decode()))
    connections.close_all()


def _run(ctx, targets) -> None:
    connections.close_all()  # the children open their own connections
    procs = [ctx.Process(target=t, args=a) for t, a in targets]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0


@pytest.mark.django_db(transaction=True)
def test_two_processes_saving_the_same_units_forecast_from_the_same_version_one_wins(world, leader_235):
    ctx = multiprocessing.get_context("fork")
    rnd = round_open(year=YEAR, month=3, deadline=date(2024, 4, 10), actor="test")
    task = Task.objects.get(round=rnd, unit__code="235")
    url = reverse("rounds:prognosis-save", args=[YEAR, 3, "235"])
    for race in range(RACES):
        version = Task.objects.get(pk=task.pk).version
        barrier, results = ctx.Barrier(2), ctx.Queue()
        amounts = [f"{1_000 + race}", f"{2_000 + race}"]
        _run(ctx, [(_save_worker, (barrier, results, leader_235.pk, url, version, a)) for a in amounts])
        outcome = sorted((results.get(timeout=10) for _ in amounts), key=lambda r: r[1])
        (won, won_status, _), (_lost, lost_status, lost_stale) = outcome
        assert (won_status, lost_status, lost_stale) == (302, 409, True), f"race {race}: {outcome}"
        assert Task.objects.get(pk=task.pk).version == version + 1  # exactly one save counted
        forecast = Forecast.objects.get(unit__code="235", period=3)
        assert forecast.amount == int(won) * 100  # the winner's figure, not the loser's
        assert Task.objects.get(pk=task.pk).updated_by == "leder235"


def _lock_worker(barrier, results, round_pk: int) -> None:
    from tertial.web.rounds.models import Round

    barrier.wait()
    round_lock(rnd=Round.objects.get(pk=round_pk), actor="okonomi")
    results.put(("lock", "ok"))
    connections.close_all()


def _service_save_worker(barrier, results, task_pk: int, amount: int) -> None:
    from tertial.core.errors import DomainError

    task = Task.objects.get(pk=task_pk)
    barrier.wait()
    try:
        prognosis_save(task=task, version=0, forecast=amount, cause="", consequence="", actor="leder235")
    except DomainError as exc:
        results.put(("save", str(exc)))
    else:
        results.put(("save", "ok"))
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_save_racing_the_lock_is_either_in_the_snapshot_or_refused(world):
    """The lock takes its snapshot in the same transaction; a save that starts while the round is
    being locked must wait and be refused, and a save that got in first must be in the snapshot.
    Never may the live figure differ from the locked one afterwards."""
    ctx = multiprocessing.get_context("fork")
    for month in range(1, 11):  # a fresh round per race (a locked round cannot be reopened)
        rnd = round_open(year=YEAR, month=month, deadline=date(2024, 12, 1), actor="test")
        task = Task.objects.get(round=rnd, unit__code="235")
        barrier, results = ctx.Barrier(2), ctx.Queue()
        amount = 1_000_00 * month
        _run(
            ctx,
            [(_lock_worker, (barrier, results, rnd.pk)), (_service_save_worker, (barrier, results, task.pk, amount))],
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
