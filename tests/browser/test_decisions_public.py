"""The public decisions page in headless Chromium: grouped by year, printable, no axe-core violations."""

from pathlib import Path

import pytest
from django.urls import reverse

from tertial.web.decisions.services import decisions_import_text_file

SEED = Path(__file__).resolve().parents[2] / "src" / "tertial" / "demo" / "levanger" / "decisions.txt"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_decisions_page_has_years_cases_and_no_axe_violations(live_server, page, axe_violations):
    decisions_import_text_file(path=SEED, actor="test")
    page.goto(live_server.url + reverse("decisions:public"))
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[:3] == ["2021", "2020", "2019"]
    assert page.get_by_role("link", name="FO 12/21").is_visible()
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Last ned som CSV").is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="FO 47/2020").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("FO 47/2020")
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
