"""The Content Security Policy in headless Chromium: the main pages load with no CSP violation (no
`securitypolicyviolation` event, no console error), and HTMX still works under the policy."""

from datetime import date

import pytest
from django.urls import reverse

from tertial.web.budget.models import Forecast, UnitComment
from tertial.web.demo import DEMO_YEAR, demo_dir, demo_files
from tertial.web.imports import ImportRequest, import_file
from tertial.web.org.services import municipality_set
from tertial.web.rounds import services
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The status report's data; the tertial report's apps are left out (their pages are not in these tests).
BASE_KINDS = {"org", "budget", "actuals", "forecasts", "central", "comments", "sickleave", "indicators"}
BASE_KINDS |= {"milestones", "sections"}

# Collects every CSP violation the page reports, from the first script on (runs before the page's own).
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
"""


@pytest.fixture
def world(db):
    """Levanger 2024 pr. 31.03 (the base demo files) with the round open; 235 has not reported yet."""
    municipality_set(name="Levanger kommune", org_number="", chief_executive_name="", actor="test")
    for kind, name, period in demo_files():
        if kind in BASE_KINDS:
            import_file(kind, ImportRequest(path=demo_dir() / name, year=DEMO_YEAR, period=period, actor="test"))
    import_file("decisions-text", ImportRequest(path=demo_dir() / "decisions.txt", actor="test"))
    Forecast.objects.filter(unit__code="235", period=3).delete()
    UnitComment.objects.filter(unit__code="235", period=3).delete()
    return services.round_open(year=2024, month=3, deadline=date(2024, 4, 10), title="pr. 31.03.2024", actor="test")


@pytest.fixture
def watched(page):
    """The page, with every console error and CSP violation recorded in `page.problems()`."""
    errors: list[str] = []

    def console(message) -> None:
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):  # no icon: not CSP
            errors.append(f"console {message.type}: {message.text} {message.location}")

    page.on("console", console)
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.add_init_script(WATCH)
    page.problems = lambda: errors + page.evaluate("window.__csp || []")
    return page


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def _visit(page, url) -> list[str]:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    return page.problems()


def test_the_watch_reports_an_inline_style_the_policy_blocks(world, live_server, watched):
    """The detector itself: a <style> element added by script is blocked and seen."""
    watched.goto(live_server.url + reverse("login"))
    watched.evaluate("document.head.appendChild(document.createElement('style')).textContent = 'body{color:red}'")
    watched.wait_for_function("window.__csp.length > 0")
    assert any("style-src" in p for p in watched.problems())


FINANCE_PAGES = [
    ("reports:status", [2024, 3]),
    ("rounds:unit-detail", [2024, 3, "235"]),
    ("rounds:round-list", []),
    ("rounds:round-detail", [2024, 3]),
    ("decisions:register", []),
    ("decisions:overdue", []),
    ("content:index", []),
    ("content:period", [2024, 3]),
    ("content:sick-leave", [2024, 3]),
    ("forecasting:forecast-history", [2024]),
    ("uploads:upload", []),
]


def test_the_main_pages_have_no_csp_violations(world, finance_officer, live_server, watched):
    _login(watched, live_server, "okonomi")
    for name, args in FINANCE_PAGES:
        url = live_server.url + reverse(name, args=args)
        assert _visit(watched, url) == [], url


def test_the_public_pages_have_no_csp_violations(world, live_server, watched):
    for url in [reverse("decisions:public"), reverse("login"), reverse("rounds:round-list")]:
        assert _visit(watched, live_server.url + url) == [], url
    watched.get_by_role("link", name="Politiske vedtak").click()
    watched.get_by_role("link", name="FO 47/2020").click()
    watched.wait_for_load_state("networkidle")
    assert watched.get_by_role("heading", level=1).inner_text().startswith("FO 47/2020")
    assert watched.problems() == []


def test_the_decisions_register_filter_works_under_the_policy(world, finance_officer, live_server, watched):
    _login(watched, live_server, "okonomi")
    watched.goto(live_server.url + reverse("decisions:register"))
    watched.get_by_label("Parti").select_option("MDG")
    watched.get_by_role("button", name="Filtrer").click()
    watched.get_by_text("2 saker").wait_for()
    assert watched.problems() == []


def test_htmx_swaps_the_forecast_form_in_place_under_the_policy(world, leader_235, live_server, watched):
    _login(watched, live_server, "leder235")
    assert _visit(watched, live_server.url + reverse("rounds:unit-detail", args=[2024, 3, "235"])) == []
    assert watched.evaluate("typeof htmx") == "object"
    assert watched.evaluate("document.querySelectorAll('style').length") == 0  # htmx's own style is off
    url_before = watched.url
    watched.get_by_label("Prognose for året (kr)").fill("34 090 000")
    watched.get_by_label("Årsak til avviket").fill("Flere elever med vedtak om spesialundervisning.")
    # the form's POST; the live avvik under the field is an HTMX GET of its own
    with watched.expect_response(
        lambda r: r.request.headers.get("hx-request") == "true" and r.request.method == "POST"
    ) as htmx_call:
        watched.get_by_role("button", name="Lagre utkast").click()
    assert htmx_call.value.status == 200
    watched.get_by_text("Utkastet er lagret.").wait_for()
    assert watched.url == url_before  # swapped in place, no page load
    assert watched.locator("#task-state").inner_text() == "utkast"
    assert watched.problems() == []


def test_every_page_of_the_main_menu_has_no_csp_violations(db, finance_officer, live_server, watched):
    """With the whole demo loaded, every section finance is offered (the menu follows the access rules)."""
    from tertial.web.demo import demo_load_data

    demo_load_data()
    _login(watched, live_server, "okonomi")
    links = watched.get_by_role("navigation", name="Hovedmeny").get_by_role("link").all()
    urls = [link.get_attribute("href") for link in links]
    assert "/import/" in urls and len(urls) >= 8
    for url in urls:
        assert _visit(watched, live_server.url + url) == [], url
