"""Every URL pattern of the project, walked generically (django.urls.get_resolver), as a unit leader of
another unit, a council member and an anonymous visitor, with parameters pointing at unit 235 and its
sector: the answer is 403, 404, 405 or a redirect (to the login page, for the anonymous), or a page
that does not contain unit 235's unpublished draft; and no POST changes anything.

The data: Levanger 2024 (the status report's files) with an open, unpublished round pr. 31.03.2024 in
which unit 235 has saved a draft whose forecast and comment are unique markers. New apps' URL patterns
are included as they appear; a pattern whose parameters the table below cannot fill fails the test
until a value is added (nothing is skipped silently). Excluded patterns are listed in EXCLUDED.
"""

import re
from datetime import date

import pytest
from django.apps import apps
from django.db.models import Count
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tertial.web.budget.models import Balance
from tertial.web.rounds.models import Task
from tertial.web.rounds.services import prognosis_save, round_open

from .test_period_lock import levanger_load

YEAR, MONTH = 2024, 3
UNIT = "235"  # the unit the leader does not lead
MARK_TEXT = "HEMMELIG-UTKAST-235"  # the draft's cause: unpublished, unit 235's own
MARK_FORECAST = 77_777_777_00  # 77 777 777 kr as the draft's forecast
MARKS = (MARK_TEXT, "77\u00a0777\u00a0777", "77 777 777", "77777777", "77\u00a0778")  # kr and 1000 kr forms

# Patterns left out, with the reason.
EXCLUDED = {
    "admin:view_on_site": "Django's contenttypes shortcut: redirects to an object's public URL, shows no data",
}
# Known gaps, asserted strictly (the test fails when one is fixed, so that it is taken off this list).
# None now: another unit's unsubmitted draft is withheld from leaders (tertial.web.audience: withheld_units).
KNOWN_LEAKS: dict[str, set[str]] = {}
# Patterns that answer the anonymous with something other than a login redirect, and why that is right.
PUBLIC = {
    "login": "the login page",
    "logout": "logging out needs no login",
    "admin:logout": "logging out needs no login",
    "set_language": "choosing the language needs no login",
    "health": "the health check shows no data",
    "decisions:public": "the council's decisions are public",
    "decisions:case": "a decision case is public",
    "decisions:api-list": "the decisions API is public and read-only",
    "decisions:api-detail": "the decisions API is public and read-only",
    "decisions:csv": "the decisions export is public",
    "decisions:feed": "the decisions feed is public",
    "decisions:overdue": "overdue council decisions are public",
    "rounds:round-list": "the list of published rounds",
    "reports:status-latest": "the latest published status (none here)",
}


def _walk(patterns, prefix: str = "", ns: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            yield ns + (p.name or ""), prefix + str(p.pattern), p


def _first_pk(label: str) -> int:
    model = apps.get_model(label)
    return model.objects.order_by("pk").values_list("pk", flat=True).first() or 1


def _kwargs_table(sector_code: str) -> dict[str, object]:
    """A value for every URL parameter name in the project, pointing at unit 235 or its sector."""
    return {
        "year": YEAR,
        "month": MONTH,
        "tertial": 1,
        "code": UNIT,
        "app_label": "budget",
        "url": "finnes-ikke/",
        "object_id": "1",
        "content_type_id": "1",
        "id": "1",
        "case_pk": lambda: _first_pk("decisions.Case"),
        "_sector_code": sector_code,
    }


# pk parameters: which model a pattern's pk is of (by namespace); others get 1 (404 is a fine answer)
PK_MODELS = {
    "decisions:": "decisions.Case",
    "decisions:point-edit": "decisions.DecisionPoint",
    "decisions:log-create": "decisions.DecisionPoint",
    "content:section-": "content.Section",
    "content:milestone-": "content.Milestone",
}


def _pk_for(name: str) -> int:
    for prefix, label in sorted(PK_MODELS.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(prefix):
            try:
                return _first_pk(label)
            except LookupError:
                return 1
    return 1


def _url(name: str, pattern: URLPattern, table: dict) -> str:
    params = set(pattern.pattern.regex.groupindex)
    kwargs = {}
    for param in params:
        if param == "pk":
            kwargs[param] = _pk_for(name)
            continue
        assert param in table, f"{name}: no value for URL parameter «{param}»; add it to _kwargs_table"
        value = table[param]
        kwargs[param] = value() if callable(value) else value
    if name == "rounds:sector-comment":
        kwargs["code"] = table["_sector_code"]
    return reverse(name, kwargs=kwargs)


def _urls(table: dict) -> list[tuple[str, str]]:
    out = []
    for name, route, pattern in _walk(get_resolver().url_patterns):
        if name in EXCLUDED:
            continue
        if not pattern.name:  # admin's unnamed redirects from <object_id>/ to <object_id>/change/
            url = "/" + re.sub(r"\^|\$|\(\?P<\w+>[^)]*\)|<[^>]+>", "1", route)
        else:
            url = _url(name, pattern, table)
        out.append((name or route, url))
    return out


def _state() -> dict:
    """Row counts of every model of the project's apps (balances too): any write would change one,
    and the draft's own rows are compared in full."""
    counts = {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m.__module__.startswith("tertial.") and m is not Balance
    }
    counts["budget.Balance"] = Balance.objects.aggregate(n=Count("pk"))["n"]
    task = Task.objects.get(round__period=MONTH, unit__code=UNIT)
    counts["task"] = (task.state, task.version, task.updated_by)
    return counts


@pytest.fixture
def unpublished_draft(db):
    levanger_load()
    rnd = round_open(year=YEAR, month=MONTH, deadline=date(2024, 4, 10), actor="test")
    task = Task.objects.get(round=rnd, unit__code=UNIT)
    prognosis_save(task=task, version=0, forecast=MARK_FORECAST, cause=MARK_TEXT, consequence="", actor="test")
    return task.unit.sector.code


POST_DATA = {
    "version": "1",
    "forecast": "1",
    "cause": "endret av en uvedkommende",
    "consequence": "",
    "text": "endret av en uvedkommende",
    "remark": "x",
    "title": "x",
    "html": "<p>x</p>",
    "sort_order": "1",
    "tiltak-TOTAL_FORMS": "0",
    "tiltak-INITIAL_FORMS": "0",
}


def _check(client, urls, *, user=None) -> list[str]:
    """Every URL with GET and POST; returns the problems found (empty when every boundary holds).
    A signed-in persona is signed in again before each request (a POST to a logout URL signs out)."""
    anonymous = user is None
    problems = []
    for name, url in urls:
        for method in ("get", "post"):
            if user is not None:
                client.force_login(user)
            response = getattr(client, method)(url, POST_DATA if method == "post" else None)
            status = response.status_code
            where = f"{method.upper()} {url} ({name}) → {status}"
            if status in (301, 302, 303):
                location = response.get("Location", "")
                if anonymous and name not in PUBLIC and "login" not in location:
                    problems.append(f"{where}: redirects the anonymous to {location}, not to the login page")
                continue
            if status in (400, 403, 404, 405):
                continue
            body = b"".join(response) if response.streaming else response.content
            text = body.decode("utf-8", errors="replace")
            leaked = [m for m in MARKS if m in text]
            if leaked:
                problems.append(f"{where}: shows unit {UNIT}'s unpublished draft")
            elif status != 200:
                problems.append(f"{where}: unexpected status")
            elif anonymous and name not in PUBLIC and not name.startswith("admin:"):
                problems.append(f"{where}: a page for the anonymous that is not in PUBLIC")
    return problems


def test_the_url_walk_covers_every_app_and_the_marker_is_visible_to_finance(unpublished_draft, finance_officer, client):
    """The test can fail: finance sees the marker on the unit's page, and every app's patterns are walked."""
    table = _kwargs_table(unpublished_draft)
    names = {n for n, _ in _urls(table)}
    for ns in ("rounds:", "content:", "reports:", "forecasting:", "decisions:", "admin:"):
        assert any(n.startswith(ns) for n in names), ns
    client.force_login(finance_officer)
    page = client.get(reverse("rounds:unit-detail", args=[YEAR, MONTH, UNIT])).content.decode()
    assert MARK_TEXT in page


@pytest.mark.parametrize("persona", ["leader_137", "council_member", "anonymous"])
def test_no_url_gives_another_units_unpublished_data_or_accepts_a_write(unpublished_draft, client, request, persona):
    table = _kwargs_table(unpublished_draft)
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    before = _state()
    problems = _check(client, _urls(table), user=user)
    known = KNOWN_LEAKS.get(persona, set())
    unexpected = [p for p in problems if not any(f"({name})" in p for name in known)]
    assert not unexpected, "\n".join(unexpected)
    still_leaking = {name for name in known if any(f"({name})" in p for p in problems)}
    assert still_leaking == known, f"fixed, take off KNOWN_LEAKS: {known - still_leaking}"
    assert _state() == before


def test_a_leader_sees_another_units_draft_as_not_reported_and_their_own_draft_as_saved(
    unpublished_draft, client, leader_137, leader_235, finance_officer
):
    """The one rule (tertial.web.audience: withheld_units): unit 235's unsubmitted draft is withheld from
    the leader of 137 (shown as "prognose ikke meldt", at budget), but not from 235's own leader or finance."""
    url = reverse("reports:status", args=[YEAR, MONTH])
    for user, sees in ((leader_137, False), (leader_235, True), (finance_officer, True)):
        client.force_login(user)
        html = client.get(url).content.decode()
        row = html[html.index('id="unit-235"') :]
        row = row[: row.index("</tr>")]
        assert ("77\u00a0778" in row) is sees, user.username
        assert ("prognose ikke meldt" in row) is not sees, user.username
