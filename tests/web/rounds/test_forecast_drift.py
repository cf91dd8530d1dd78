"""The drift rule at submission (issue 9): a forecast that moved more than the threshold since the
previous report of the year needs a cause in the unit's comment before it can be submitted."""

from datetime import date

import pytest

from tertial.core.errors import DomainError
from tertial.core.rounds import SUBMIT_NEEDS_EXPLANATION, TaskState
from tertial.renderers import numbers as nb
from tertial.web.accounts.roles import Role, role_grant, unit_leadership_grant
from tertial.web.budget.models import Forecast
from tertial.web.imports import ImportRequest, import_file
from tertial.web.rounds import services
from tertial.web.rounds.models import Task

MARCH_FORECAST = 34_089_982_00  # unit 235's forecast pr. 31.03.2024 in the demo, øre


@pytest.fixture
def leader(db, django_user_model):
    user = django_user_model.objects.create_user(username="enhetsleder235", password="testpassord-123")
    role_grant(user, Role.UNIT_LEADER)
    unit_leadership_grant(user, "235")
    return user


@pytest.fixture
def task(levanger):
    rnd = services.round_open(year=2024, month=3, deadline=date(2024, 4, 10), actor="test")
    return Task.objects.get(round=rnd, unit__code="235")


def _february(tmp_path, kroner: str) -> None:
    path = tmp_path / "prognoser_202402.csv"
    path.write_text(f"ansvar;prognose\n235;{kroner}\n", encoding="utf-8")
    import_file("forecasts", ImportRequest(path=path, year=2024, period=2))


def _save(task, leader, cause: str) -> Task:
    return services.prognosis_save(
        task=task, version=task.version, forecast=MARCH_FORECAST, cause=cause, consequence="", actor=leader
    )


def test_a_large_change_without_a_cause_is_refused(task, leader, tmp_path):
    _february(tmp_path, "30000000")  # 4,09 mill. kr lower a month earlier
    task = _save(task, leader, cause="")
    with pytest.raises(DomainError) as exc:
        services.prognosis_submit(task=task, actor=leader)
    message = str(exc.value)
    assert message.startswith(SUBMIT_NEEDS_EXPLANATION.format(change=nb.kroner(4_089_982_00), previous="02.2024"))
    assert message.endswith("må forklares i feltet Årsak før den kan sendes inn.")
    assert "Årsak" in message
    task.refresh_from_db()
    assert task.state == TaskState.DRAFT


def test_a_large_change_with_a_cause_is_accepted(task, leader, tmp_path):
    _february(tmp_path, "30000000")
    task = _save(task, leader, cause="Flere elever med vedtak om spesialundervisning enn budsjettert.")
    task = services.prognosis_submit(task=task, actor=leader)
    assert task.state == TaskState.SUBMITTED


def test_a_small_change_needs_no_cause(task, leader, tmp_path):
    _february(tmp_path, "34080000")  # about 10 000 kr: under 0,5 mill. and under 1 % of the budget
    task = _save(task, leader, cause="")
    task = services.prognosis_submit(task=task, actor=leader)
    assert task.state == TaskState.SUBMITTED


def test_the_first_report_of_the_year_is_measured_against_the_budget(task, leader):
    """No earlier report: the change is the forecast's distance from the revised budget (33 389 982 kr).
    The demo's March forecast is 700 000 kr above it, so it needs a cause; 100 000 kr above does not."""
    assert not Forecast.objects.filter(unit__code="235", unit__budget_year__year=2024, period__lt=3).exists()
    task = _save(task, leader, cause="")
    with pytest.raises(DomainError, match="fra budsjettet"):
        services.prognosis_submit(task=task, actor=leader)
    task = services.prognosis_save(
        task=task, version=task.version, forecast=33_489_982_00, cause="", consequence="", actor=leader
    )
    assert services.prognosis_submit(task=task, actor=leader).state == TaskState.SUBMITTED


def test_the_threshold_comes_from_the_setting(task, leader, tmp_path, settings):
    settings.TERTIAL_FORECAST_DRIFT = {"amount": 500_000, "percent_of_budget": None}  # 5 000 kr
    _february(tmp_path, "34080000")
    task = _save(task, leader, cause="")
    with pytest.raises(DomainError, match="Årsak"):
        services.prognosis_submit(task=task, actor=leader)
