"""End to end in headless Chromium: the leader of 235 enters and submits, finance approves and locks,
the status page shows the new avvik; the public and council pages have no axe-core violations."""

from datetime import date

import pytest
from django.urls import reverse

from tertial.renderers.numbers import thousands
from tertial.web.budget.models import Forecast, UnitComment
from tertial.web.budget.selectors import status_table_get
from tertial.web.demo import demo_load_data
from tertial.web.rounds import services

PASSWORD = "testpassord-123"
MINUS = "\u2212"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    demo_load_data()
    # 235 has not reported yet in this round (the demo file carries its forecast; take it out).
    Forecast.objects.filter(unit__code="235", period=3).delete()
    UnitComment.objects.filter(unit__code="235", period=3).delete()
    return services.round_open(year=2024, month=3, deadline=date(2024, 4, 10), title="pr. 31.03.2024", actor="test")


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def test_leader_submits_finance_approves_and_locks_status_shows_the_new_avvik(
    world, leader_235, finance_officer, live_server, page
):
    before = status_table_get(year=2024, month=3)
    assert not before.unit("235").forecast_reported

    _login(page, live_server, "leder235")
    page.goto(live_server.url + reverse("rounds:my-tasks"))
    page.get_by_role("link", name="235 Nesheim skole").click()
    page.get_by_label("Prognose for året (kr)").fill("34 090 000")
    page.get_by_label("Årsak til avviket").fill("Flere elever med vedtak om spesialundervisning enn budsjettert.")
    page.get_by_label("Konsekvens hvis tiltakene ikke gjennomføres").fill("Merforbruk på om lag 0,7 mill. kr.")
    page.locator("#id_tiltak-0-text").fill("Redusere bruken av vikarer")
    page.locator("#id_tiltak-0-effect").fill("200 000")
    page.locator("#id_tiltak-0-start").fill("2024-05-01")
    page.locator("#id_tiltak-0-status").select_option("planlagt")
    page.get_by_role("button", name="Lagre utkast").click()  # HTMX swaps the form in place
    page.get_by_text("Utkastet er lagret.").wait_for()
    assert page.locator("#task-state").inner_text() == "utkast"
    page.get_by_role("button", name="Send inn til økonomi").click()
    page.get_by_text("Prognosen er sendt inn til økonomiavdelingen.").wait_for()
    assert page.locator("#task-state").inner_text() == "sendt inn"
    assert page.locator("#unit-deviation").inner_text().startswith(f"{MINUS}700\u00a0018")

    _login(page, live_server, "okonomi")
    page.goto(live_server.url + reverse("rounds:round-detail", args=[2024, 3]))
    page.get_by_role("button", name="Godkjenn 235 Nesheim skole").click()
    page.get_by_text("Innsendingen er godkjent.").wait_for()
    page.get_by_role("link", name="Lås runden …").click()  # the confirmation page says what will happen
    page.get_by_text("Enhetene kan ikke lenger endre prognoser").wait_for()
    page.get_by_role("button", name="Ja, lås runden").click()
    page.get_by_text("Runden er låst. Tallene og tekstene er frosset.").wait_for()
    page.screenshot(path="/tmp/round-overview.png", full_page=True)

    page.goto(live_server.url + reverse("reports:status", args=[2024, 3]))
    row = page.locator("#unit-235")
    assert row.locator("td").nth(3).inner_text() == "34\u00a0090"
    # td 4 is "Statistisk prognose" (finance sees live figures); Avvik is td 5
    assert row.locator("td").nth(5).inner_text() == f"{MINUS}700"
    after = status_table_get(year=2024, month=3)
    assert after.total.deviation == before.total.deviation - 700_018_00
    total = page.locator("tr.total").first
    assert total.locator("td").nth(3).inner_text() == thousands(after.total.forecast)
    assert total.locator("td").nth(5).inner_text() == thousands(after.total.deviation)
    sector = page.locator("tr.subtotal", has_text="Oppvekst og utdanning")
    assert sector.locator("td").nth(5).inner_text() == thousands(after.sector("Oppvekst og utdanning").deviation)
    page.screenshot(path="/tmp/status.png", full_page=True)

    page.goto(live_server.url + reverse("rounds:unit-detail", args=[2024, 3, "235"]))
    assert "Redusere bruken av vikarer" in page.content()
    page.screenshot(path="/tmp/unit-235.png", full_page=True)


@pytest.fixture
def published(world):
    services.round_lock(rnd=world, actor="test")
    return services.round_publish(rnd=world, actor="test")


@pytest.mark.parametrize("url", ["/runder/", "/runder/2024/3/", "/status/2024/3/", "/login/"])
@pytest.mark.parametrize("who", ["public", "council"])
def test_public_and_council_pages_have_no_axe_violations(
    published, council_member, live_server, page, axe_violations, url, who
):
    if who == "council":
        _login(page, live_server, "politiker")
    page.goto(live_server.url + url)
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def test_unit_page_has_no_axe_violations(world, leader_235, live_server, page, axe_violations):
    _login(page, live_server, "leder235")
    page.goto(live_server.url + reverse("rounds:unit-detail", args=[2024, 3, "235"]))
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_load_state()
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
