"""The upload page in headless Chromium: finance uploads a real file, sees the receipt; a bad file
gives the error summary; no axe-core violations and no CSP violations either way."""

from pathlib import Path

import pytest
from django.urls import reverse

from tertial.web.org.models import Unit
from tertial.web.org.services import municipality_set
from tests.conftest import PASSWORD

DEMO = Path(__file__).resolve().parents[2] / "src" / "tertial" / "demo" / "levanger"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def finance_page(page, live_server, finance_officer, settings, tmp_path):
    settings.TERTIAL_UPLOAD_DIR = tmp_path / "opplastinger"
    municipality_set(name="Levanger kommune", org_number="", chief_executive_name="", actor="test")
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Brukernavn").fill("okonomi")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("uploads:upload"))
    page.csp_violations = violations
    return page


def test_finance_uploads_the_organisation_and_sees_the_receipt(finance_page, axe_violations):
    page = finance_page
    assert page.get_by_role("heading", level=1).inner_text() == "Importer fil"
    assert axe_violations(page) == []
    page.get_by_label("Hva slags fil").select_option("org")
    page.get_by_label("År").fill("2024")
    # the file picker speaks the page's language, whatever the browser's (this Chromium's is English);
    # the browser's own input stays the control, labelled «Fil», under a face the screen reader skips
    face = page.locator(".file-pick-face")
    assert face.inner_text().split() == ["Velg", "fil", "Ingen", "fil", "valgt"]
    assert face.get_attribute("aria-hidden") == "true"
    picker = page.get_by_label("Fil", exact=True)
    picker.focus()
    assert page.evaluate("document.activeElement.type") == "file"
    picker.set_input_files(str(DEMO / "org.csv"))
    assert page.locator(".file-pick-name").inner_text() == "org.csv"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Last opp og importer").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("«org.csv» er importert: ")
    assert Unit.objects.filter(budget_year__year=2024).count() == 30
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]][:3]) for v in violations]
    assert page.csp_violations == []


def test_a_bad_file_gives_an_accessible_error_summary(finance_page, axe_violations, tmp_path):
    page = finance_page
    bad = tmp_path / "bilde.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    page.get_by_label("Hva slags fil").select_option("org")
    page.get_by_label("Fil", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Last opp og importer").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "Filen ble ikke importert" in summary.inner_text()
    assert "ikke en tekstfil" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#id_file"
    assert page.get_by_label("Fil", exact=True).get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == [] and page.csp_violations == []
    assert Unit.objects.count() == 0
