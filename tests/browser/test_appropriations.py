"""The appropriation overview page in headless Chromium: both tables, and no axe-core violations."""

import pytest
from django.urls import reverse

from tertial.web import demo
from tertial.web.appropriations import imports as appropriation_imports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_finance_reads_the_overview_with_no_axe_violations(
    live_server, page, axe_violations, finance_officer, monkeypatch
):
    from tests.conftest import PASSWORD

    monkeypatch.setattr(demo, "_tertial_files", lambda: list(appropriation_imports.DEMO_FILES))
    demo.demo_load_data()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Brukernavn").fill("okonomi")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("appropriations:overview", args=[2024, 4]))
    assert page.get_by_role("heading", level=1).inner_text() == "Bevilgningsoversikt drift pr. 30.04.2024"
    assert page.get_by_role("table").count() == 2
    assert page.get_by_role("rowheader", name="Korrigert sum bevilgninger drift, netto").is_visible()
    assert axe_violations(page) == []
