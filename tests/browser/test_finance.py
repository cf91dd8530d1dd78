"""The finance page and the rules form in headless Chromium with axe-core: no violations, including
the breach marker and a refused form."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_finance_page_and_a_refused_rules_form_have_no_axe_violations(
    live_server, page, portfolio, finance_officer, axe_violations
):
    from tests.conftest import PASSWORD

    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Brukernavn").fill("okonomi")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/finans/2024/4/")
    assert page.get_by_role("heading", level=1).inner_text() == "Finans og gjeld pr. 30.04.2024"
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []
    page.goto(live_server.url + "/finans/regler/")
    page.get_by_label("Gyldig fra").fill("2024-06-01")
    page.get_by_label("Andel fast rente, minimum (%)").fill("70")
    page.get_by_label("Andel fast rente, maksimum (%)").fill("50")
    page.get_by_role("button", name="Lagre", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Minimum kan ikke være høyere enn maksimum").is_visible()
    assert axe_violations(page) == []
