"""Issue 16, the forecast form: «Lagre utkast» and «Send inn» are two buttons of one form, so what is
typed is what is submitted; the key figures show the saved forecast; the explanation rule holds on
every submission, the first round of the year included (measured against the budget there)."""

import pytest
from django.urls import reverse

from tertial.core.errors import DomainError
from tertial.core.rounds import SUBMIT_NEEDS_EXPLANATION_BUDGET, TaskState
from tertial.renderers import numbers as nb
from tertial.web.audit.models import AuditEntry
from tertial.web.budget.models import Forecast
from tertial.web.forecasting.selectors import explanation_rule_get
from tertial.web.rounds import services
from tertial.web.rounds.models import Task

from .conftest import MONTH, YEAR, form_data

NBSP = "\u00a0"
BUDGET_235 = 33_389_982_00  # revised budget of 235 pr. 31.03.2024, øre


def _url(name, code="235"):
    return reverse(name, args=[YEAR, MONTH, code])


def _task():
    return Task.objects.get(round__budget_year__year=YEAR, round__period=MONTH, unit__code="235")


def test_send_inn_submits_the_forecast_typed_in_the_same_form(open_round, leader_235, client):
    client.force_login(leader_235)
    client.post(_url("rounds:prognosis-save"), form_data(0))  # a draft with 34 090 000
    response = client.post(_url("rounds:prognosis-save"), form_data(1, forecast="34 200 000", action="submit"))
    assert response.status_code == 302
    task = _task()
    assert task.state == TaskState.SUBMITTED
    assert Forecast.objects.get(unit__code="235", period=MONTH).amount == 34_200_000_00
    page = client.get(_url("rounds:unit-detail")).content.decode()
    assert "Prognosen er sendt inn til økonomiavdelingen." in page


def test_send_inn_straight_from_not_started_saves_and_submits(open_round, leader_235, client):
    client.force_login(leader_235)
    response = client.post(_url("rounds:prognosis-save"), form_data(0, forecast="34 000 000", action="submit"))
    assert response.status_code == 302
    assert _task().state == TaskState.SUBMITTED
    assert Forecast.objects.get(unit__code="235", period=MONTH).amount == 34_000_000_00


def test_the_page_has_one_form_with_two_buttons(open_round, leader_235, client):
    client.force_login(leader_235)
    client.post(_url("rounds:prognosis-save"), form_data(0))
    html = client.get(_url("rounds:unit-detail")).content.decode()
    assert 'name="action" value="save"' in html and 'name="action" value="submit"' in html
    assert _url("rounds:prognosis-submit") not in html
    assert "rounds/unsaved-guard.js" in html


def test_a_big_first_round_change_without_a_cause_is_refused_and_nothing_is_stored(open_round, leader_235):
    task = _task()
    before = Forecast.objects.get(unit__code="235", period=MONTH).amount
    entries = AuditEntry.objects.count()
    forecast = BUDGET_235 + 600_000_00
    with pytest.raises(DomainError) as exc:
        services.prognosis_save_and_submit(
            task=task, version=task.version, forecast=forecast, cause="  ", consequence="", actor=leader_235
        )
    assert str(exc.value) == (
        SUBMIT_NEEDS_EXPLANATION_BUDGET.format(change=nb.kroner(600_000_00), budget=nb.kroner(BUDGET_235))
        + " "
        + explanation_rule_get()
    )
    assert "Årsak" in str(exc.value)
    after = _task()
    assert after.state == TaskState.NOT_STARTED and after.version == task.version
    assert Forecast.objects.get(unit__code="235", period=MONTH).amount == before
    assert AuditEntry.objects.count() == entries


def test_the_big_first_round_change_is_refused_in_the_form_with_the_typed_values_kept(open_round, leader_235, client):
    client.force_login(leader_235)
    response = client.post(
        _url("rounds:prognosis-save"), form_data(0, forecast="33 989 982", cause="", action="submit")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "forklar avviket i feltet Årsak" in html
    assert 'value="33 989 982"' in html
    assert _task().state == TaskState.NOT_STARTED


def test_the_first_round_change_with_a_cause_is_submitted(open_round, leader_235):
    task = _task()
    task = services.prognosis_save_and_submit(
        task=task,
        version=task.version,
        forecast=BUDGET_235 + 600_000_00,
        cause="Flere elever.",
        consequence="",
        actor=leader_235,
    )
    assert task.state == TaskState.SUBMITTED


def test_key_figures_show_the_saved_forecast_after_an_htmx_save(open_round, leader_235, client):
    client.force_login(leader_235)
    response = client.post(_url("rounds:prognosis-save"), form_data(0, forecast="35 000 000"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="key-figures" hx-swap-oob="true"' in html
    key = html[html.index('id="key-figures"') :]
    assert f"35{NBSP}000{NBSP}000" in key
    assert f"1{NBSP}610{NBSP}018" in key  # avvik: 33 389 982 − 35 000 000


def test_key_figures_show_the_saved_forecast_after_a_plain_save(open_round, leader_235, client):
    client.force_login(leader_235)
    client.post(_url("rounds:prognosis-save"), form_data(0, forecast="35 000 000"))
    html = client.get(_url("rounds:unit-detail")).content.decode()
    key = html[html.index('id="key-figures"') : html.index("</table>", html.index('id="key-figures"'))]
    assert f"35{NBSP}000{NBSP}000" in key


def test_the_change_log_labels_every_field_in_norwegian(open_round, leader_235, finance_officer, client):
    client.force_login(leader_235)
    client.post(_url("rounds:prognosis-save"), form_data(0, action="submit"))
    client.force_login(finance_officer)
    client.post(_url("rounds:submission-return"), {"remark": "Mangler tiltak", "version": "2"})
    html = client.get(_url("rounds:unit-detail")).content.decode()
    log = html[html.index("Endringslogg") :]
    assert "Mangler tiltak" in log
    assert "remark" not in log and "Oppgave merknad" in log
    assert "<strong>Merknad fra økonomi</strong>" in log
