"""Two finance officers approve the same submission at the same moment (PostgreSQL, row locks): the one
who loses is told who changed the unit — the other finance officer, not the unit leader who submitted
it. The winner holds its transaction open until the loser's UPDATE waits on its row lock, so the loser
has read the task before the winner committed (the order the message got wrong). On SQLite a write
transaction starts with the write lock (transaction_mode IMMEDIATE), so the loser reads after the
winner's commit; there is no row lock to test, hence the skip."""

import threading
import time
from datetime import date

import pytest
from django.db import connection, transaction

from tertial.core.rounds import STALE_EDIT, StaleEdit
from tertial.web.accounts.roles import Role
from tertial.web.rounds import services
from tertial.web.rounds.models import Task
from tests.conftest import _user

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across connections are tested on PostgreSQL (CI runs it)"
)


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cur.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_the_finance_officer_who_loses_an_approval_race_is_told_who_won(world, django_user_model):
    first = _user(django_user_model, "okonomi", Role.FINANCE)
    second = _user(django_user_model, "okonomi2", Role.FINANCE)
    rnd = services.round_open(year=world, month=3, deadline=date(2024, 4, 10), actor="test")
    task = Task.objects.get(round=rnd, unit__code="235")
    services.prognosis_save(task=task, version=0, forecast=100, cause="x", consequence="", actor="leder235")
    services.prognosis_submit(task=task, actor="leder235")
    seen = Task.objects.get(pk=task.pk).version  # both officers opened the page at this version
    winner_in, release, outcome = threading.Event(), threading.Event(), []

    def winner():
        try:
            with transaction.atomic():
                services.submission_approve(task=task, version=seen, actor=second)
                winner_in.set()
                release.wait(60)
        finally:
            connection.close()

    def loser():
        try:
            services.submission_approve(task=task, version=seen, actor=first)
            outcome.append("godkjent")
        except StaleEdit as exc:
            outcome.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=winner)]
    threads[0].start()
    assert winner_in.wait(60)
    threads.append(threading.Thread(target=loser))
    threads[1].start()
    for _ in range(1200):  # until the loser's UPDATE waits on the winner's row lock (at most a minute)
        if _waiting_on_a_lock():
            break
        time.sleep(0.05)
    release.set()
    for t in threads:
        t.join(60)
    assert outcome == [STALE_EDIT.format(who="okonomi2")]
    assert Task.objects.get(pk=task.pk).updated_by == "okonomi2"
