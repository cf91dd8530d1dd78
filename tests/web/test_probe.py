"""The probe (issue 22): every URL of the project × every role × an unpublished and a published round,
GET and POST, generated from the URL conf (tests/web/urlwalk.py), so a new page is covered as it appears.

For every request: no status ≥ 500, no exception out of the view (the test client re-raises it; it is
caught and reported with the URL), no ERROR record of the `django.request` logger, and no row changed
by a GET or by a POST answered 4xx. Each request runs in a savepoint that is rolled back afterwards, so
an accepted write (finance's, the admin's) does not change the world of the requests after it.

And the audience rule where it is one: before the round pr. 31.03.2024 is published, a council member
and the anonymous get no page of the period's figures or content (PUBLISHED_ONLY): 403, 404 or a
redirect to the login page, and no redirect into such a page of the period. Every URL name is
classified in PUBLIC (tests/web/urlwalk.py), LOGIN_ONLY or PUBLISHED_ONLY; a new one fails the
classification test until it is put in one on purpose.
"""

import logging
import re
import traceback
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import Resolver404, get_resolver, path, resolve

from tertial.web.rounds.models import Round
from tertial.web.rounds.services import round_lock, round_publish
from tests.web.urlwalk import (
    EXCLUDED,
    MONTH,
    POST_DATA,
    PUBLIC,
    YEAR,
    kwargs_table,
    unpublished_draft_open,
    urls,
    walk,
)

ROLES = [
    "anonymous",
    "plain_user",
    "leader_235",
    "leader_137",
    "sector_leader",
    "council_member",
    "finance_officer",
    "admin_user",
]
STATES = ["unpublished", "published"]
AUDIENCE = {"anonymous", "council_member"}  # who must not see the period before it is published

# Pages that show a period's figures or content: none of 2024/3 for AUDIENCE before it is published.
PUBLISHED_ONLY = {
    # budget
    "reports:status": "the status table of a period: every unit's figures and forecasts",
    "reports:status-report": "the status report of a period (PDF/Word/HTML)",
    "reports:tertial-report": "the tertial report: the period's figures and texts",
    "reports:status-report-internal": "the status report's internal edition (finance only, 403 to everyone else)",
    "reports:tertial-report-internal": "the tertial report's internal edition (finance only, 403 to everyone else)",
    "forecasting:forecast-history": "the forecasts of the year's rounds",
    "forecasting:forecast-track-record": "the forecasts of the year's rounds against the outcome",
    # content
    "content:period": "the period's sections, indicators and milestones",
    "content:sick-leave": "the period's sick leave",
    # investments
    "investments:index": "the investment projects of the latest period",
    "investments:project-list": "the period's investment projects",
    "investments:project-detail": "one project's figures in the period",
    # finance
    "finance:index": "the finance figures of the latest period",
    "finance:period": "the period's loans, liquidity and finance rules' figures",
    # appropriations
    "appropriations:overview-latest": "the appropriation overview of the latest period",
    "appropriations:overview": "the period's appropriation overview",
}
# The published-only pages that the council and the public read once 03.2024 is published, so that their
# refusal before is the audience rule's doing. The others answer them 403 in either state (finance,
# investments, forecasts: not for the council; content: not for the public), or 404: the demo has no
# central items (appropriations) and no tertial report (tertial 1 is the round pr. 30.04) for 03.2024.
SHOWN_ONCE_PUBLISHED = {
    "council_member": {"reports:status", "reports:status-report", "content:period", "content:sick-leave"},
    "anonymous": {"reports:status", "reports:status-report"},
}
# Pages for signed-in users with a role (a working page, the admin): the anonymous is sent to log in.
LOGIN_ONLY = {
    "content:index": "the periods the user may see and their overdue milestones (test_audience.py)",
    # budget proposals: finance's and the leaders' working pages
    "proposals:index": "budget change proposals, a working page",
    "proposals:proposal-list": "budget change proposals of a tertial, a working page",
    "proposals:proposal-create": "a new proposal",
    "proposals:line-row": "a form row of a proposal (HTMX)",
    "proposals:proposal-update": "editing a proposal",
    "proposals:proposal-delete": "deleting a proposal",
    "proposals:proposal-wording": "a proposal's wording",
    "proposals:proposal-adopt": "adopting a proposal",
    # content: the editors' forms
    "content:section-create": "a new section (editors)",
    "content:section-update": "editing a section (editors)",
    "content:section-delete": "deleting a section (editors)",
    "content:milestone-update": "editing a milestone (editors)",
    # decisions: the register is the secretariat's
    "decisions:register": "the decision register (editors)",
    "decisions:case-create": "a new case (editors)",
    "decisions:case-edit": "editing a case (editors)",
    "decisions:point-create": "a new decision point (editors)",
    "decisions:point-edit": "editing a decision point (editors)",
    "decisions:log-create": "a follow-up log entry (editors)",
    # forecasting: the methods' backtest over closed years (finance)
    "forecasting:forecast-backtest": "the forecast methods' backtest over the closed years (finance)",
    "decisions:import": "importing a follow-up list: upload and preview (editors)",
    "decisions:import-confirm": "importing a follow-up list: confirming the preview (editors)",
    # finance: finance's own forms
    "finance:rules": "finance rules (finance)",
    "finance:rules-update": "editing finance rules (finance)",
    "finance:year-figures-update": "inhabitants and year figures (finance)",
    # rounds: the reporting round's work, live figures for the roles that take part in it
    "rounds:round-create": "opening a round (finance)",
    "rounds:my-tasks": "a leader's tasks",
    "rounds:round-detail": "a round's progress (finance, leaders)",
    "rounds:round-remind": "reminding the leaders (finance)",
    "rounds:round-lock": "locking a round (finance)",
    "rounds:round-publish": "publishing a round (finance)",
    "rounds:unit-detail": "a unit's forecast form",
    "rounds:prognosis-save": "saving a forecast",
    "rounds:prognosis-preview": "avvik and forbruk of a typed forecast (the unit's leaders, finance)",
    "rounds:prognosis-submit": "submitting a forecast",
    "rounds:submission-approve": "approving a submission (finance)",
    "rounds:submission-return": "returning a submission (finance)",
    "rounds:sector-comment": "a sector's comment (sector leader)",
    "rounds:round-deadline": "moving a round's deadline (finance)",
    # uploads
    "uploads:upload": "importing files (finance)",
    # notifications: a signed-in user's own
    "notifications:list": "the user's notifications (the bell)",
    "notifications:mark-read": "marking the user's notifications read",
    "notifications:settings": "the user's notification choices",
    "jobs:detail": "a background job: its owner only (404 for anyone else)",
    "jobs:status": "the job page's polled status: its owner only",
    "jobs:cancel": "cancelling a job: its owner only",
    "jobs:confirm": "confirming a job's warnings: its owner only",
    "jobs:rerun": "running a job again: its owner only",
    "jobs:download": "a job's file (a report PDF): its owner only",
    "reports:report-pdf-job": "«Lag PDF i bakgrunnen»: finance (others download the PDF directly)",
}
# Every pattern of these namespaces: staff only.
LOGIN_ONLY_NAMESPACES = {"admin": "the admin site: staff only, and read-only for data that services write"}

# Known server errors, asserted strictly: (role, state, "METHOD name") → the cause. Empty: none found.
KNOWN_SERVER_ERRORS: dict[tuple[str, str, str], str] = {}
# Known audience leaks before publication, asserted strictly: (role, URL name). The colleague's fix of
# the audience rule takes them off; the test fails when one is fixed, so that it is taken off this list.
KNOWN_UNPUBLISHED_LEAKS: set[tuple[str, str]] = set()  # none: the audience rule (tertial.web.audience)


def _classification(name: str) -> str | None:
    if name in PUBLIC:
        return "public"
    if name in PUBLISHED_ONLY:
        return "published-only"
    if name in LOGIN_ONLY or name.split(":")[0].split("/")[0] in LOGIN_ONLY_NAMESPACES:
        return "login-only"
    return None


def test_every_url_is_classified_on_purpose():
    """A new page fails here until it is put in PUBLIC, LOGIN_ONLY or PUBLISHED_ONLY (with a reason);
    a name that no longer exists fails too, and no name is in two lists."""
    names = {name or route for name, route, _ in walk(get_resolver().url_patterns)} - set(EXCLUDED)
    unclassified = sorted(n for n in names if _classification(n) is None)
    assert not unclassified, f"classify these pages in tests/web/test_probe.py: {unclassified}"
    stale = (set(PUBLIC) | set(PUBLISHED_ONLY) | set(LOGIN_ONLY)) - names
    assert not stale, f"no longer in the URL conf: {sorted(stale)}"
    assert not (set(PUBLIC) & set(PUBLISHED_ONLY)), "in PUBLIC and PUBLISHED_ONLY"
    assert not (set(PUBLIC) & set(LOGIN_ONLY)), "in PUBLIC and LOGIN_ONLY"
    assert not (set(PUBLISHED_ONLY) & set(LOGIN_ONLY)), "in PUBLISHED_ONLY and LOGIN_ONLY"


def _period_page(location: str) -> str | None:
    """The PUBLISHED_ONLY name of a redirect's target when it is a page of the period 2024/3."""
    try:
        match = resolve(location.split("?")[0])
    except Resolver404:
        return None
    if match.view_name in PUBLISHED_ONLY and match.kwargs.get("year") == YEAR:
        return match.view_name if match.kwargs.get("month", MONTH) == MONTH else None
    return None


WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


class Writes:
    """Rows written through the database connection while installed (connection.execute_wrapper):
    table → rows, from each INSERT, UPDATE and DELETE's row count (so an UPDATE counts too, not only
    a changed number of rows)."""

    def __init__(self) -> None:
        self.rows: Counter[str] = Counter()

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = WRITE.match(sql)
        if match:
            count = context["cursor"].rowcount  # an INSERT … RETURNING may tell 0 before it is read
            if count != 0 or match.group(1).upper().startswith("INSERT"):
                self.rows[match.group(2)] += max(count, 1)  # -1: the back-end does not tell, count it
        return result


class Probe:
    """One role's walk: every request in a savepoint that is rolled back, its findings collected."""

    def __init__(self, client, caplog, sign_in):
        self.client, self.caplog, self.sign_in = client, caplog, sign_in
        self.session = client.cookies.get(settings.SESSION_COOKIE_NAME)
        self.server_errors: dict[str, str] = {}  # "METHOD name" → what happened
        self.problems: list[str] = []
        self.answers: dict[tuple[str, str], tuple[int, str]] = {}  # (method, name) → (status, Location)
        self.requests = 0

    def request(self, method: str, name: str, url: str) -> None:
        where = f"{method.upper()} {url} ({name})"
        key = f"{method.upper()} {name}"
        self.caplog.clear()
        self.requests += 1
        status, location, writes = None, "", Writes()
        try:
            with transaction.atomic(), connection.execute_wrapper(writes):
                response = getattr(self.client, method)(url, POST_DATA if method == "post" else None)
                if response.streaming:
                    b"".join(response)  # a streamed body can fail while it is read
                status, location = response.status_code, response.get("Location", "")
                transaction.set_rollback(True)
        except Exception as exc:  # the view's exception, re-raised by the test client
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            self.server_errors[key] = f"{where}: {type(exc).__name__}: {exc} ({frame.filename}:{frame.lineno})"
        errors = [r for r in self.caplog.records if r.name == "django.request" and r.levelno >= logging.ERROR]
        if status is not None and status >= 500:
            self.server_errors[key] = f"{where} → {status}"
        elif errors and key not in self.server_errors:
            self.server_errors[key] = f"{where}: logged {errors[0].getMessage()}"
        if status is None:
            return
        self.answers[(method, name)] = (status, location)
        if writes.rows and (method == "get" or 400 <= status < 500):  # sessions and axes' log too
            self.problems.append(f"{where} → {status} wrote rows: {dict(writes.rows)}")
        if writes.rows:
            cache.clear()  # the page cache's data version went back with the rollback
        if self.client.cookies.get(settings.SESSION_COOKIE_NAME) != self.session:  # signed out (logout)
            self.sign_in()
            self.session = self.client.cookies.get(settings.SESSION_COOKIE_NAME)


def _round(levanger, state_name: str) -> str:
    sector_code = unpublished_draft_open()
    if state_name == "published":
        rnd = Round.objects.get(budget_year__year=YEAR, period=MONTH)
        round_publish(rnd=round_lock(rnd=rnd, actor="test"), actor="test")
    return sector_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state_name", STATES)
def test_no_url_answers_a_server_error_or_changes_rows_when_refused(
    levanger, client, caplog, request, state_name, role
):
    sector_code = _round(levanger, state_name)
    user = None if role == "anonymous" else request.getfixturevalue(role)

    def sign_in():
        if user is not None:
            client.force_login(user)

    sign_in()
    probe = Probe(client, caplog, sign_in)
    pages = urls(kwargs_table(sector_code))
    with caplog.at_level(logging.ERROR, logger="django.request"):
        for name, url in pages:
            for method in ("get", "post"):
                probe.request(method, name, url)

    known = {k[2]: cause for k, cause in KNOWN_SERVER_ERRORS.items() if k[:2] == (role, state_name)}
    unexpected = {k: v for k, v in probe.server_errors.items() if k not in known}
    assert not unexpected, "server errors:\n" + "\n".join(unexpected.values())
    fixed = set(known) - set(probe.server_errors)
    assert not fixed, f"fixed, take off KNOWN_SERVER_ERRORS: {fixed}"
    assert not probe.problems, "rows changed by a refused request:\n" + "\n".join(probe.problems)
    assert probe.requests == 2 * len(pages)

    if role in AUDIENCE and state_name == "published":  # the rule below is seen at work on these pages
        expected = SHOWN_ONCE_PUBLISHED[role]
        shown = {n for n in expected if probe.answers[("get", n)][0] == 200}
        assert shown == expected, f"not shown once published: {expected - shown}"

    if role in AUDIENCE and state_name == "unpublished":
        leaks = set()
        for name, url in pages:
            status, location = probe.answers[("get", name)]
            refused = status in (403, 404) or (status in (301, 302, 303) and "login" in location)
            if name in PUBLISHED_ONLY and not refused:
                leaks.add((name, f"GET {url} → {status} {location}"))
            elif status in (301, 302, 303) and _period_page(location):
                leaks.add((name, f"GET {url} → {status}: redirects to {location}, a page of the period"))
        found = {(role, name) for name, _ in leaks}
        known_leaks = {k for k in KNOWN_UNPUBLISHED_LEAKS if k[0] == role}
        unexpected_leaks = [line for name, line in sorted(leaks) if (role, name) not in known_leaks]
        assert not unexpected_leaks, "the unpublished period is shown:\n" + "\n".join(unexpected_leaks)
        assert found == known_leaks, f"fixed, take off KNOWN_UNPUBLISHED_LEAKS: {known_leaks - found}"


# --- The probe can fail: a small URL conf of its own, with a page for each kind of finding -------------


def _writes(request):
    get_user_model().objects.create(username=f"skrevet-{request.method}")
    return HttpResponse("ok")


def _refuses_after_writing(request):
    get_user_model().objects.create(username=f"avvist-{request.method}")
    return HttpResponseForbidden()


def _raises(request):
    raise RuntimeError("the probe's own failing page")


def _logs_an_error(request):
    logging.getLogger("django.request").error("an error logged by a page that answers 200")
    return HttpResponse("ok")


urlpatterns = [  # for test_the_probe_reports_each_kind_of_finding (@pytest.mark.urls)
    path("skriver/", _writes, name="writes"),
    path("avviser/", _refuses_after_writing, name="refuses"),
    path("feiler/", _raises, name="raises"),
    path("500/", lambda request: HttpResponse(status=503), name="answers-503"),
    path("logger/", _logs_an_error, name="logs"),
    path("ok/", lambda request: HttpResponse("ok"), name="ok"),
]


@pytest.mark.urls(__name__)
def test_the_probe_reports_each_kind_of_finding(db, client, caplog):
    probe = Probe(client, caplog, sign_in=lambda: None)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        for name, _, pattern in walk(urlpatterns):
            for method in ("get", "post"):
                probe.request(method, name, "/" + str(pattern.pattern))
    assert set(probe.server_errors) == {f"{m} {n}" for m in ("GET", "POST") for n in ("raises", "answers-503", "logs")}
    assert "RuntimeError: the probe's own failing page" in probe.server_errors["GET raises"]
    assert [p.split(" →")[0] for p in probe.problems] == [
        "GET /skriver/ (writes)",
        "GET /avviser/ (refuses)",
        "POST /avviser/ (refuses)",
    ]
    assert "auth_user" in probe.problems[0]
    assert not get_user_model().objects.exists()  # every request was rolled back
