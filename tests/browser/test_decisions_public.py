"""The public decisions page in headless Chromium: grouped by year, printable, no axe-core violations."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tertial.web.decisions.services import decisions_import_text_file

SEED = Path(__file__).resolve().parents[2] / "src" / "tertial" / "demo" / "levanger" / "decisions.txt"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_decisions_page_searches_filters_pages_and_has_no_axe_violations(live_server, page, axe_violations):
    decisions_import_text_file(path=SEED, actor="test")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("decisions:public"))
    assert page.get_by_text("22 saker, viser 1–10").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert axe_violations(page) == []
    point = page.locator("details.decision-point-details").first
    assert not point.locator(".decision-facts").is_visible()  # collapsed until opened
    point.locator("> summary").click()
    expect(point.locator(".decision-facts")).to_be_visible()  # Designsystemet animates the opening
    page.get_by_label("Søk i vedtakene").fill("mobbing")
    page.get_by_role("button", name="Søk").click()  # HTMX swaps the list and pushes the URL
    page.wait_for_url("**q=mobbing**")
    expect(page.locator(".decision-result-count")).to_have_text("1 sak")
    assert page.get_by_role("link", name="FO 29/20").is_visible()  # «Mobbing i skolen»; FO 47/2020 says «mobbeombud»
    page.get_by_role("link", name="Nullstill").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Ikke startet 1").click()
    page.wait_for_load_state()
    expect(page.locator(".decision-result-count")).to_have_text("1 sak")
    page.goto(live_server.url + reverse("decisions:public"))
    page.get_by_role("link", name="Neste").click()
    page.wait_for_load_state()
    assert page.get_by_text("22 saker, viser 11–20").is_visible()
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="CSV").is_visible()
    page.emulate_media(media="screen")
    page.goto(live_server.url + reverse("decisions:public"))
    page.get_by_role("link", name="FO 47/2020").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("FO 47/2020")
    assert page.get_by_text("avsluttet januar 2021").is_visible()
    assert axe_violations(page) == []


def test_finance_filters_the_register_and_adds_a_log_entry_with_no_axe_violations(
    live_server, page, axe_violations, finance_officer
):
    from tests.conftest import PASSWORD

    decisions_import_text_file(path=SEED, actor="test")
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Brukernavn").fill("okonomi")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("decisions:register"))
    page.get_by_label("Parti").select_option("MDG")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    assert page.get_by_text("2 saker").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="FO 12/20").click()
    page.get_by_role("link", name="Ny oppfølging til punkt 1").click()
    assert axe_violations(page) == []
    page.get_by_label("Oppfølging").fill("Reisepolicy vedtatt, se FO 40/20.")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="FO 40/20").first.is_visible()
    page.goto(live_server.url + reverse("decisions:overdue"))
    assert page.get_by_role("heading", level=1).inner_text() == "Forfalte vedtakspunkter"
    assert axe_violations(page) == []
