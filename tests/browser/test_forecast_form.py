"""Issue 16, the forecast form in headless Chromium: a value typed and sent straight with «Send inn» is
what is submitted; the key figures show it; a big change without a cause is refused with the rule's
text; avvik and forbruk follow the typing (from the server); leaving with unsaved edits warns; axe-core
finds no violations on the page."""

from datetime import date

import pytest
from django.urls import reverse

from tertial.core.rounds import TaskState
from tertial.web.budget.models import Forecast
from tertial.web.demo import demo_load_data
from tertial.web.forecasting.selectors import explanation_rule_get
from tertial.web.rounds import services
from tertial.web.rounds.models import Task

from .test_round_flow import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NBSP, MINUS = "\u00a0", "\u2212"


@pytest.fixture
def world(db):
    demo_load_data()
    return services.round_open(year=2024, month=3, deadline=date(2024, 4, 10), title="pr. 31.03.2024", actor="test")


def _unit_page(page, live_server):
    _login(page, live_server, "leder235")
    page.goto(live_server.url + reverse("rounds:unit-detail", args=[2024, 3, "235"]))


def test_typed_forecast_sent_straight_is_what_is_submitted(world, leader_235, live_server, page, axe_violations):
    _unit_page(page, live_server)
    assert axe_violations(page) == []
    page.get_by_label("Prognose for året (kr)").fill("33 600 000")
    page.get_by_label("Årsak til avviket").fill("Flere elever med vedtak om spesialundervisning.")
    page.get_by_role("button", name="Send inn til økonomi").click()
    page.get_by_text("Prognosen er sendt inn til økonomiavdelingen.").wait_for()
    assert page.locator("#task-state").inner_text() == "sendt inn"
    assert Forecast.objects.get(unit__code="235", period=3).amount == 33_600_000_00
    assert Task.objects.get(round=world, unit__code="235").state == TaskState.SUBMITTED
    figures = page.locator("#key-figures").inner_text()
    assert f"33{NBSP}600{NBSP}000" in figures
    assert axe_violations(page) == []


def test_big_change_without_a_cause_is_refused_and_the_typed_value_kept(world, leader_235, live_server, page):
    _unit_page(page, live_server)
    page.get_by_label("Prognose for året (kr)").fill("33 989 982")  # 600 000 kr above the budget
    page.get_by_label("Årsak til avviket").fill("")
    page.get_by_role("button", name="Send inn til økonomi").click()
    page.locator("#form-error").wait_for()
    error = page.locator("#form-error").inner_text()
    assert "forklar avviket i feltet Årsak" in error
    assert explanation_rule_get() in error  # the rule as /prognoser prints it, from the same setting
    assert page.get_by_label("Prognose for året (kr)").input_value() == "33 989 982"
    assert Task.objects.get(round=world, unit__code="235").state == TaskState.NOT_STARTED


def test_avvik_follows_the_typing_and_leaving_with_unsaved_edits_warns(world, leader_235, live_server, page):
    _unit_page(page, live_server)
    field = page.get_by_label("Prognose for året (kr)")
    field.fill("")
    field.press_sequentially("33 989 982")  # 600 000 kr above the budget of 33 389 982 kr
    deviation = page.locator("#preview-deviation")
    deviation.filter(has_text=f"{MINUS}600{NBSP}000 kr").wait_for()
    assert deviation.inner_text() == f"{MINUS}600{NBSP}000 kr merforbruk"
    assert "sign-over" in deviation.get_attribute("class")
    assert page.locator("#preview-cause-hint").is_visible()
    field.fill("33 289 982")
    deviation.filter(has_text=f"100{NBSP}000 kr mindreforbruk").wait_for()
    assert page.locator("#preview-cause-hint").count() == 0
    assert Task.objects.get(round=world, unit__code="235").state == TaskState.NOT_STARTED  # nothing saved
    # the live figures came back from the server, and the unsaved edit still warns on leaving
    with page.expect_event("dialog") as info:
        page.close(run_before_unload=True)
    assert info.value.type == "beforeunload"
    info.value.dismiss()
