"""Issue 16, the sweep: every page of every role's menu (finance, sector leader, unit leader, council,
public), on a phone (390×844) and a laptop (1366×900), in the demo world: the page itself never
scrolls sideways (wide tables scroll inside their own region), axe-core finds no violations, and the
browser reports no console error and no CSP violation. One browser page, one live server, one demo
load; the pages are visited in a loop."""

import pytest
from django.urls import reverse

from tertial.web.demo import DEMO_PASSWORD, demo_load_data, demo_users_create
from tests.browser.conftest import AXE_MIN_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [(390, 844), (1366, 900)]

# role → the demo user (`tertial demo`: DEMO_USERS, the round pr. 31.03.2024 open); None is the public.
ROLES = {
    "finance": "okonomi",
    "sector leader": "kommunalsjef",
    "unit leader": "leder235",
    "council": "politiker",
    "public": None,
}

# Pages not in the menu, reached from it (the reports, a round, a unit's page), and the empty and
# error states, with the status they answer.
EXTRA = {
    "finance": [
        ("/status/2024/4/rapport/", 200),
        ("/tertialrapport/2024/1/", 200),
        ("/runder/2024/3/", 200),
        ("/runder/2024/3/enheter/235/", 200),
        ("/finnes-ikke/", 404),
    ],
    "sector leader": [("/runder/2024/3/enheter/235/", 200), ("/status/2024/3/", 200)],
    "unit leader": [("/runder/2024/3/enheter/235/", 200), ("/status/2024/3/", 200), ("/import/", 403)],
    "council": [("/status/2024/3/", 404)],  # not published yet: who publishes it, and when
    "public": [("/status/2024/3/", 404), ("/innhold/", 403), ("/login/", 200)],
}

# Pages that still widen the page on a phone: (role, path, viewport width) → the measured document
# scrollWidth. Asserted exactly, so a fix (or a change in width) fails here. None today.
KNOWN_WIDE: dict[tuple[str, str, int], int] = {}

# Collects every CSP violation the page reports, from the first script on (runs before the page's own).
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
"""


def _login(page, live_server, username):
    page.context.clear_cookies()
    if username is None:
        return
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def _menu_paths(page, live_server) -> list[str]:
    page.goto(live_server.url + "/")
    hrefs = page.eval_on_selector_all("nav[aria-label='Hovedmeny'] a", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if not h.startswith(("/admin/", reverse("login")))]


# The generated reports are documents with their own stylesheet (no app shell): axe at one width.
AXE_ONE_WIDTH = ("/status/2024/4/rapport/", "/tertialrapport/2024/1/")
AXE_RUN = "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"


def test_no_page_of_any_menu_scrolls_sideways_or_has_axe_violations_console_errors_or_csp_violations(live_server, page):
    demo_load_data()
    demo_users_create()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.add_init_script(WATCH)
    page.add_init_script(path=AXE_MIN_JS)  # over the DevTools protocol, before the page's scripts: no CSP applies
    wide: dict[tuple[str, str, int], int] = {}
    problems: list[str] = []
    visited = 0
    for role, username in ROLES.items():
        _login(page, live_server, username)
        menu = _menu_paths(page, live_server)
        assert "/status/" in menu or "/" in menu, role
        assert reverse("decisions:public") in menu, role
        for path, status in [(p, 200) for p in menu] + EXTRA.get(role, []):
            for width, height in VIEWPORTS:
                page.set_viewport_size({"width": width, "height": height})
                console.clear()
                response = page.goto(live_server.url + path)
                visited += 1
                where = f"{role} {path} @{width}"
                assert response is not None and response.status == status, (where, response and response.status)
                scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                if scroll_width > inner_width:
                    wide[(role, path, width)] = scroll_width
                if width > 390 or path not in AXE_ONE_WIDTH:
                    violations = page.evaluate(AXE_RUN)
                    problems += [f"{where}: {v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in violations]
                # the browser reports the page's own 403/404 as a failed resource: expected there
                errors = [c for c in console if status == 200 or "Failed to load resource" not in c]
                problems += [f"{where}: console {c}" for c in errors]
                problems += [f"{where}: CSP {c}" for c in page.evaluate("window.__csp || []")]
                # the page is in the layout: the menu and the header's language switcher
                assert (
                    page.locator("nav[aria-label='Hovedmeny']").count() == 1
                    or path.endswith("/rapport/")
                    or (path.startswith("/tertialrapport/"))
                ), where
    assert visited >= 70
    assert problems == []
    assert wide == KNOWN_WIDE
