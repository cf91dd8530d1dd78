"""Workflow transitions through the views and services: draft → submitted → returned/approved → locked,
and the forbidden steps."""

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from tertial.core.errors import DomainError
from tertial.core.rounds import LOCK_REFUSED_PENDING, ROUND_LOCKED, SUBMIT_NEEDS_FORECAST, TaskState
from tertial.web.budget.models import Forecast, UnitComment
from tertial.web.rounds import services
from tertial.web.rounds.models import Task

from .conftest import MONTH, YEAR, form_data


def _task(rnd, code="235") -> Task:
    return Task.objects.get(round=rnd, unit__code=code)


def _url(name, code="235"):
    return reverse(name, args=[YEAR, MONTH, code])


def test_opening_a_round_gives_every_unit_a_not_started_task(open_round):
    assert open_round.tasks.count() == 30  # the units of Levanger 2024
    assert set(open_round.tasks.values_list("state", flat=True)) == {TaskState.NOT_STARTED}


def test_opening_a_second_round_for_the_period_is_refused(open_round):
    with pytest.raises(DomainError, match="finnes allerede"):
        services.round_open(year=YEAR, month=MONTH, deadline=open_round.deadline)


def test_finance_opens_a_round_through_the_form(levanger, finance_officer, client):
    client.force_login(finance_officer)
    response = client.post(
        reverse("rounds:round-create"), {"year": "2024", "month": "4", "deadline": "2024-05-10", "title": "1. tertial"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("rounds:round-detail", args=[2024, 4])
    response = client.post(reverse("rounds:round-create"), {"year": "2031", "month": "4", "deadline": "2031-05-10"})
    assert "Budsjettåret 2031 finnes ikke" in response.content.decode()


def test_save_writes_forecast_and_comment_and_makes_a_draft(open_round, leader_235, client):
    client.force_login(leader_235)
    client.post(_url("rounds:prognosis-save"), form_data(0))
    task = _task(open_round)
    assert task.state == TaskState.DRAFT and task.version == 1
    assert Forecast.objects.get(unit=task.unit, period=MONTH).amount == 34_090_000_00
    comment = UnitComment.objects.get(unit=task.unit, period=MONTH)
    assert comment.cause.startswith("Flere elever")
    (measure,) = comment.measures.all()
    assert (measure.text, measure.effect, str(measure.start), measure.status) == (
        "Redusere vikarbruk",
        200_000_00,
        "2024-05-01",
        "planlagt",
    )


def test_full_path_draft_submitted_returned_submitted_approved_locked(open_round, leader_235, finance_officer, client):
    client.force_login(leader_235)
    client.post(_url("rounds:prognosis-save"), form_data(0))
    client.post(_url("rounds:prognosis-submit"), {"version": "1"})
    assert _task(open_round).state == TaskState.SUBMITTED

    client.force_login(finance_officer)
    client.post(_url("rounds:submission-return"), {"remark": "Tallene for mars mangler."})
    task = _task(open_round)
    assert (task.state, task.remark) == (TaskState.RETURNED, "Tallene for mars mangler.")

    client.force_login(leader_235)
    assert "Tallene for mars mangler." in client.get(_url("rounds:unit-detail")).content.decode()
    client.post(_url("rounds:prognosis-submit"), {"version": str(task.version)})
    client.force_login(finance_officer)
    client.post(_url("rounds:submission-approve"))
    assert _task(open_round).state == TaskState.APPROVED

    client.post(reverse("rounds:round-lock", args=[YEAR, MONTH]), {"confirm": "lock"})
    open_round.refresh_from_db()
    assert open_round.is_locked and open_round.snapshot.rows


def test_submit_without_forecast_is_refused(levanger, leader_137, client):
    Forecast.objects.filter(unit__code="137", period=MONTH).delete()
    from datetime import date

    rnd = services.round_open(year=YEAR, month=MONTH, deadline=date(2024, 4, 10))
    task = _task(rnd, "137")
    services.prognosis_save(task=task, version=0, forecast=1, cause="", consequence="", actor="t")
    Forecast.objects.filter(unit__code="137", period=MONTH).delete()
    with pytest.raises(DomainError, match=SUBMIT_NEEDS_FORECAST):
        services.prognosis_submit(task=task, actor="t")


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (TaskState.NOT_STARTED, "submit"),
        (TaskState.NOT_STARTED, "approve"),
        (TaskState.DRAFT, "approve"),
        (TaskState.DRAFT, "return"),
        (TaskState.SUBMITTED, "save"),
        (TaskState.SUBMITTED, "submit"),
        (TaskState.APPROVED, "approve"),
        (TaskState.APPROVED, "save"),
        (TaskState.RETURNED, "approve"),
    ],
)
def test_forbidden_transitions_are_refused(open_round, state, step):
    task = _task(open_round)
    Task.objects.filter(pk=task.pk).update(state=state)
    calls = {
        "save": lambda: services.prognosis_save(task=task, version=0, forecast=1, cause="", consequence="", actor="t"),
        "submit": lambda: services.prognosis_submit(task=task, actor="t"),
        "approve": lambda: services.submission_approve(task=task, actor="t"),
        "return": lambda: services.submission_return(task=task, remark="x", actor="t"),
    }
    with pytest.raises(DomainError, match="Du kan ikke"):
        calls[step]()
    assert _task(open_round).state == state


def test_forbidden_step_through_the_view_shows_the_reason(open_round, finance_officer, client):
    client.force_login(finance_officer)
    response = client.post(_url("rounds:submission-approve"), follow=True)
    assert "Du kan ikke godkjenne når oppgaven har status «ikke påbegynt»." in response.content.decode()


def test_lock_is_refused_while_a_submission_waits(open_round, finance_officer, client):
    Task.objects.filter(round=open_round, unit__code="235").update(state=TaskState.SUBMITTED)
    client.force_login(finance_officer)
    response = client.post(reverse("rounds:round-lock", args=[YEAR, MONTH]), {"confirm": "lock"}, follow=True)
    assert LOCK_REFUSED_PENDING.format(n=1) in response.content.decode()
    open_round.refresh_from_db()
    assert not open_round.is_locked


@pytest.mark.parametrize("step", ["save", "submit", "approve", "return"])
def test_nothing_changes_in_a_locked_round(open_round, step):
    services.round_lock(rnd=open_round, actor="t")
    task = _task(open_round)
    calls = {
        "save": lambda: services.prognosis_save(task=task, version=0, forecast=1, cause="", consequence="", actor="t"),
        "submit": lambda: services.prognosis_submit(task=task, actor="t"),
        "approve": lambda: services.submission_approve(task=task, actor="t"),
        "return": lambda: services.submission_return(task=task, remark="x", actor="t"),
    }
    with pytest.raises(DomainError, match=ROUND_LOCKED):
        calls[step]()


def test_locked_round_cannot_be_locked_twice_and_publish_needs_a_lock(open_round, finance_officer, client):
    with pytest.raises(DomainError, match="Bare en låst runde"):
        services.round_publish(rnd=open_round, actor="t")
    services.round_lock(rnd=open_round, actor="t")
    with pytest.raises(DomainError, match="allerede låst"):
        services.round_lock(rnd=open_round, actor="t")
    client.force_login(finance_officer)
    client.post(reverse("rounds:round-publish", args=[YEAR, MONTH]), {"confirm": "publish"})
    open_round.refresh_from_db()
    assert open_round.published


def test_locked_round_page_has_no_form(open_round, leader_235, client):
    services.round_lock(rnd=open_round, actor="t")
    client.force_login(leader_235)
    html = client.get(_url("rounds:unit-detail")).content.decode()
    assert 'name="forecast"' not in html and "låst" in html
    assert client.post(_url("rounds:prognosis-save"), form_data(0)).status_code == 409


def test_unknown_unit_is_404(open_round, finance_officer, client):
    client.force_login(finance_officer)
    assert client.get(_url("rounds:unit-detail", code="999")).status_code == 404
    with pytest.raises(ObjectDoesNotExist):
        Task.objects.get(round=open_round, unit__code="999")
