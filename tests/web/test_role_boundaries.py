"""Every URL pattern of the project, walked generically (django.urls.get_resolver), as a unit leader of
another unit, a council member and an anonymous visitor, with parameters pointing at unit 235 and its
sector: the answer is 403, 404, 405 or a redirect (to the login page, for the anonymous), or a page
that does not contain unit 235's unpublished draft; and no POST changes anything.

The data: Levanger 2024 (the status report's files) with an open, unpublished round pr. 31.03.2024 in
which unit 235 has saved a draft whose forecast and comment are unique markers. New apps' URL patterns
are included as they appear (the walk, its parameter table and EXCLUDED are in tests/web/urlwalk.py,
shared with the probe, tests/web/test_probe.py).
"""

import pytest
from django.urls import reverse

from tests.web.urlwalk import (
    MARK_TEXT,
    MARKS,
    MONTH,
    POST_DATA,
    PUBLIC,
    UNIT,
    YEAR,
    kwargs_table,
    state,
    unpublished_draft_open,
    urls,
)

# Known gaps, asserted strictly (the test fails when one is fixed, so that it is taken off this list).
# None now: another unit's unsubmitted draft is withheld from leaders (tertial.web.audience: withheld_units).
KNOWN_LEAKS: dict[str, set[str]] = {}


@pytest.fixture
def unpublished_draft(levanger):
    return unpublished_draft_open()


def _check(client, pages, *, user=None) -> list[str]:
    """Every URL with GET and POST; returns the problems found (empty when every boundary holds).
    A signed-in persona is signed in again before each request (a POST to a logout URL signs out)."""
    anonymous = user is None
    problems = []
    for name, url in pages:
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
    table = kwargs_table(unpublished_draft)
    names = {n for n, _ in urls(table)}
    for ns in ("rounds:", "content:", "reports:", "forecasting:", "decisions:", "admin:"):
        assert any(n.startswith(ns) for n in names), ns
    client.force_login(finance_officer)
    page = client.get(reverse("rounds:unit-detail", args=[YEAR, MONTH, UNIT])).content.decode()
    assert MARK_TEXT in page


@pytest.mark.parametrize("persona", ["leader_137", "council_member", "anonymous"])
def test_no_url_gives_another_units_unpublished_data_or_accepts_a_write(unpublished_draft, client, request, persona):
    table = kwargs_table(unpublished_draft)
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    before = state()
    problems = _check(client, urls(table), user=user)
    known = KNOWN_LEAKS.get(persona, set())
    unexpected = [p for p in problems if not any(f"({name})" in p for name in known)]
    assert not unexpected, "\n".join(unexpected)
    still_leaking = {name for name in known if any(f"({name})" in p for p in problems)}
    assert still_leaking == known, f"fixed, take off KNOWN_LEAKS: {known - still_leaking}"
    assert state() == before


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
