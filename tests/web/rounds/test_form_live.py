"""Issue 16: the forecast form's live avvik/forbruk (server-computed in øre), the explanation rule from one
setting and one text (the /prognoser page and the refusal), the sign convention on the forecast history,
and lock and publish as two confirmed steps."""

import re

import pytest
from django.urls import reverse

from tertial.core.errors import DomainError
from tertial.core.rounds import RoundState
from tertial.web.audit.models import AuditEntry
from tertial.web.forecasting.selectors import explanation_rule_get, forecast_history_get
from tertial.web.rounds import services
from tertial.web.rounds.models import Round, Task

from .conftest import MONTH, YEAR

NBSP, MINUS = "\u00a0", "\u2212"


def _preview(client, forecast):
    return client.get(reverse("rounds:prognosis-preview", args=[YEAR, MONTH, "235"]), {"forecast": forecast})


def test_avvik_and_forbruk_follow_the_typed_forecast(open_round, leader_235, client):
    """Budget 33 389 982 kr, actuals 10 937 103 kr: 33 989 982 typed is 600 000 kr merforbruk, 101,8 % of
    the budget, over the 0,5 mill. limit (so a cause is asked for); 33 489 982 is 100 000 kr over, not."""
    client.force_login(leader_235)
    html = _preview(client, "33 989 982").content.decode()
    deviation = re.search(r'id="preview-deviation">([^<]*)', html).group(1)
    assert deviation == f"{MINUS}600{NBSP}000 kr "
    assert 'class="num sign-over"' in html and "merforbruk" in html
    assert f"101,8{NBSP}%" in html and f"32,8{NBSP}%" in html
    assert 'id="preview-cause-hint"' in html and f"+600{NBSP}000 kr" in html
    html = _preview(client, "33 289 982,50").content.decode()
    assert f">100{NBSP}000 kr <" in html and "sign-under" in html and "mindreforbruk" in html
    assert 'id="preview-cause-hint"' not in html
    html = _preview(client, "34 mill").content.decode()
    assert "preview-deviation" not in html and 'class="error-text"' in html
    assert "34 mill" in html  # the parser's Norwegian message names what was typed


def test_the_preview_is_the_units_own(open_round, leader_137, client):
    client.force_login(leader_137)
    assert _preview(client, "1 000").status_code == 403


def test_the_form_asks_for_the_preview_as_the_leader_types(open_round, leader_235, client):
    client.force_login(leader_235)
    html = client.get(reverse("rounds:unit-detail", args=[YEAR, MONTH, "235"])).content.decode()
    assert 'hx-trigger="input changed delay:300ms"' in html
    assert reverse("rounds:prognosis-preview", args=[YEAR, MONTH, "235"]) in html
    # the form comes before the key figures and the charts (first on a phone)
    assert html.index('id="comment-heading"') < html.index('id="key-figures"') < html.index('id="profile-heading"')
    assert explanation_rule_get() in html


def test_the_rule_on_the_forecast_page_and_in_the_refusal_is_one_text_from_the_setting(
    open_round, leader_235, finance_officer, client, settings
):
    settings.TERTIAL_EXPLANATION_MIN_KR = "100 000"
    settings.TERTIAL_EXPLANATION_MIN_PERCENT = "off"
    rule = explanation_rule_get()
    assert f"mer enn 100{NBSP}000 kr siden forrige rapportering" in rule and "%" not in rule
    client.force_login(finance_officer)
    assert rule in client.get(reverse("forecasting:forecast-history", args=[YEAR])).content.decode()
    task = Task.objects.get(round=open_round, unit__code="235")
    with pytest.raises(DomainError) as exc:  # 200 000 kr above the budget: over 100 000 kr
        services.prognosis_save_and_submit(
            task=task, version=task.version, forecast=33_589_982_00, cause="", consequence="", actor=leader_235
        )
    assert str(exc.value).endswith(rule)


def test_the_history_colours_a_rise_as_merforbruk_and_a_fall_as_mindreforbruk(levanger, finance_officer, client):
    client.force_login(finance_officer)
    html = client.get(reverse("forecasting:forecast-history", args=[2024])).content.decode()
    changes = [p.change for h in forecast_history_get(year=2024) for p in h.points if p.change]
    rise, fall = max(changes), min(changes)
    assert rise > 0 > fall
    rise_text = re.escape("+" + f"{rise // 100_000:,}".replace(",", NBSP))
    fall_text = re.escape(MINUS + f"{-fall // 100_000:,}".replace(",", NBSP))
    assert re.search(r'class="num sign-over">' + rise_text, html)
    assert re.search(r'class="num sign-under">' + fall_text, html)
    assert "ingen tidligere runde" in html and "merforbruk" in html and "mindreforbruk" in html


def test_lock_asks_first_and_says_what_will_happen(open_round, finance_officer, client):
    Task.objects.filter(round=open_round).update(state="approved")
    client.force_login(finance_officer)
    url = reverse("rounds:round-lock", args=[YEAR, MONTH])
    html = client.get(url).content.decode()
    assert "kan ikke lenger endre prognoser" in html and "Politikerne og publikum ser fortsatt ingenting" in html
    assert 'name="confirm" value="lock"' in html
    client.post(url)  # a post without the confirmation page's field only shows the page again
    assert Round.objects.get(pk=open_round.pk).state == RoundState.OPEN
    response = client.post(url, {"confirm": "lock"}, follow=True)
    assert Round.objects.get(pk=open_round.pk).state == RoundState.LOCKED
    assert "Runden er låst" in response.content.decode()
    assert AuditEntry.objects.filter(object_type="rounds.round", action="locked").exists()
    detail = client.get(reverse("rounds:round-detail", args=[YEAR, MONTH])).content.decode()
    assert reverse("rounds:round-publish", args=[YEAR, MONTH]) in detail


def test_publish_is_its_own_confirmed_step(open_round, finance_officer, client):
    client.force_login(finance_officer)
    url = reverse("rounds:round-publish", args=[YEAR, MONTH])
    assert "Bare en låst runde kan publiseres" in client.get(url).content.decode()
    services.round_lock(rnd=open_round, actor="t")
    html = client.get(url).content.decode()
    assert "publikum" in html and 'name="confirm" value="publish"' in html
    client.post(url, {"confirm": "lock"})
    assert not Round.objects.get(pk=open_round.pk).published
    client.post(url, {"confirm": "publish"})
    assert Round.objects.get(pk=open_round.pk).published
    assert AuditEntry.objects.filter(object_type="rounds.round", action="published").exists()
