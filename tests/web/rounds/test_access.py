"""Every view and endpoint refuses a user who does not own the unit (403), and the role rules hold."""

import pytest
from django.urls import reverse

from .conftest import MONTH, YEAR, form_data

# (url name, args, method) for everything about unit 235 of the round
UNIT_ENDPOINTS = [
    ("rounds:unit-detail", "get"),
    ("rounds:prognosis-save", "post"),
    ("rounds:prognosis-submit", "post"),
    ("rounds:submission-approve", "post"),
    ("rounds:submission-return", "post"),
]
FINANCE_ENDPOINTS = [
    ("rounds:round-create", "get", ()),
    ("rounds:round-create", "post", ()),
    ("rounds:round-remind", "post", (YEAR, MONTH)),
    ("rounds:round-deadline", "post", (YEAR, MONTH)),
    ("rounds:round-lock", "get", (YEAR, MONTH)),
    ("rounds:round-lock", "post", (YEAR, MONTH)),
    ("rounds:round-publish", "get", (YEAR, MONTH)),
    ("rounds:round-publish", "post", (YEAR, MONTH)),
]


def _call(client, method, url):
    data = form_data(0) | {"remark": "x", "confirm": "lock" if "las" in url else "publish"}
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize(("name", "method"), UNIT_ENDPOINTS)
def test_unit_leader_gets_403_on_another_units_endpoints(open_round, leader_137, client, name, method):
    client.force_login(leader_137)
    response = _call(client, method, reverse(name, args=[YEAR, MONTH, "235"]))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "method"), UNIT_ENDPOINTS)
def test_council_member_gets_403_on_unit_endpoints(open_round, council_member, client, name, method):
    client.force_login(council_member)
    assert _call(client, method, reverse(name, args=[YEAR, MONTH, "235"])).status_code == 403


@pytest.mark.parametrize(("name", "method"), UNIT_ENDPOINTS)
def test_anonymous_is_sent_to_login(open_round, client, name, method):
    response = _call(client, method, reverse(name, args=[YEAR, MONTH, "235"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method", "args"), FINANCE_ENDPOINTS)
@pytest.mark.parametrize("persona", ["leader_235", "sector_leader", "council_member", "plain_user"])
def test_finance_endpoints_refuse_everybody_else(open_round, client, request, persona, name, method, args):
    client.force_login(request.getfixturevalue(persona))
    assert _call(client, method, reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(
    ("name", "method"), [("rounds:submission-approve", "post"), ("rounds:submission-return", "post")]
)
def test_unit_leader_cannot_approve_or_return_own_unit(open_round, leader_235, client, name, method):
    client.force_login(leader_235)
    assert _call(client, method, reverse(name, args=[YEAR, MONTH, "235"])).status_code == 403


def test_unit_leader_reads_and_writes_own_unit(open_round, leader_235, client):
    client.force_login(leader_235)
    assert client.get(reverse("rounds:unit-detail", args=[YEAR, MONTH, "235"])).status_code == 200
    response = client.post(reverse("rounds:prognosis-save", args=[YEAR, MONTH, "235"]), form_data(0))
    assert response.status_code == 302


def test_sector_leader_sees_units_of_own_sector_only(open_round, sector_leader, client):
    client.force_login(sector_leader)
    assert client.get(reverse("rounds:unit-detail", args=[YEAR, MONTH, "235"])).status_code == 200
    assert client.get(reverse("rounds:unit-detail", args=[YEAR, MONTH, "137"])).status_code == 200
    assert client.get(reverse("rounds:unit-detail", args=[YEAR, MONTH, "130"])).status_code == 403


def test_sector_leader_writes_own_sector_comment_not_others(open_round, sector_leader, client):
    client.force_login(sector_leader)
    own = reverse("rounds:sector-comment", args=[YEAR, MONTH, "Oppvekst og utdanning"])
    assert client.get(own).status_code == 200
    assert client.post(own, {"text": "Oppvekst melder merforbruk."}).status_code == 302
    other = reverse("rounds:sector-comment", args=[YEAR, MONTH, "Fellesområder"])
    assert client.get(other).status_code == 403
    assert client.post(other, {"text": "x"}).status_code == 403


def test_unit_leader_cannot_write_sector_comment(open_round, leader_235, client):
    client.force_login(leader_235)
    url = reverse("rounds:sector-comment", args=[YEAR, MONTH, "Oppvekst og utdanning"])
    assert client.post(url, {"text": "x"}).status_code == 403


def test_round_overview_shows_a_leader_only_own_units(open_round, leader_235, client):
    client.force_login(leader_235)
    html = client.get(reverse("rounds:round-detail", args=[YEAR, MONTH])).content.decode()
    assert 'id="task-235"' in html and 'id="task-137"' not in html


def test_unpublished_round_is_hidden_from_council_and_public(open_round, council_member, client):
    url = reverse("rounds:round-detail", args=[YEAR, MONTH])
    assert client.get(url).status_code == 403
    client.force_login(council_member)
    assert client.get(url).status_code == 403
    assert str(open_round) not in client.get(reverse("rounds:round-list")).content.decode()


def test_status_dashboard_links_only_the_units_a_user_may_open(open_round, leader_235, client):
    url = reverse("reports:status", args=[YEAR, MONTH])
    assert 'href="/runder/2024/3/enheter/' not in client.get(url).content.decode()
    client.force_login(leader_235)
    html = client.get(url).content.decode()
    assert 'href="/runder/2024/3/enheter/235/"' in html and 'href="/runder/2024/3/enheter/137/"' not in html
