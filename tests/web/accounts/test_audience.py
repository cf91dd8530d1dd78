"""The one audience rule (tertial.web.audience) on every page that shows a period's figures or report
content: staff (finance, unit and sector leaders) see the live figures at any time; council members
and the public see a period only once its round is locked and published.

The Levanger demo has report content (sick leave, indicator tables, milestone plans, sections) and the
status table pr. 31.03.2024, and the tertial data (appropriations, finance, investments) pr. 30.04.2024.
Both rounds are locked in every test; `published` says whether they are also published.

Before issue 21, a council member read /innhold/, /innhold/2024/3/ and its sick leave page (sections,
indicator tables, milestones) while the round was unpublished, although /status/2024/3/ was a 404.
"""

from datetime import date

import pytest

from tertial.web.demo import demo_load_data
from tertial.web.rounds import services as rounds

STATUS = "/status/2024/3/"
CONTENT_PERIOD = "/innhold/2024/3/"
SICK_LEAVE = "/innhold/2024/3/sykefravaer/"
APPROPRIATIONS = "/bevilgning/2024/4/"
FINANCE = "/finans/2024/4/"
INVESTMENTS = "/investeringer/2024/4/"

STAFF = {STATUS: 200, CONTENT_PERIOD: 200, SICK_LEAVE: 200, APPROPRIATIONS: 200, FINANCE: 200, INVESTMENTS: 200}
# Finance and investment pages are staff pages: council and public read them in the tertial report.
EXPECTED = {
    ("finance", False): STAFF,
    ("finance", True): STAFF,
    ("unit_leader", False): STAFF,
    ("unit_leader", True): STAFF,
    ("sector_leader", False): STAFF,
    ("sector_leader", True): STAFF,
    ("council", False): {
        STATUS: 404,
        CONTENT_PERIOD: 404,
        SICK_LEAVE: 404,
        APPROPRIATIONS: 403,
        FINANCE: 403,
        INVESTMENTS: 403,
    },
    ("council", True): {
        STATUS: 200,
        CONTENT_PERIOD: 200,
        SICK_LEAVE: 200,
        APPROPRIATIONS: 200,
        FINANCE: 403,
        INVESTMENTS: 403,
    },
    # The public reads content only in the published report; the content pages need a login.
    ("anonymous", False): {
        STATUS: 404,
        CONTENT_PERIOD: 403,
        SICK_LEAVE: 403,
        APPROPRIATIONS: 403,
        FINANCE: 302,  # to the login page
        INVESTMENTS: 403,
    },
    ("anonymous", True): {
        STATUS: 200,
        CONTENT_PERIOD: 403,
        SICK_LEAVE: 403,
        APPROPRIATIONS: 200,
        FINANCE: 302,  # to the login page
        INVESTMENTS: 403,
    },
}


@pytest.fixture
def personas(finance_officer, leader_235, sector_leader, council_member):
    return {
        "finance": finance_officer,
        "unit_leader": leader_235,
        "sector_leader": sector_leader,
        "council": council_member,
        "anonymous": None,
    }


def _rounds_locked(*, published: bool) -> None:
    demo_load_data()
    for month in (3, 4):
        rnd = rounds.round_lock(rnd=rounds.round_open(year=2024, month=month, deadline=date(2024, month + 1, 10)))
        if published:
            rounds.round_publish(rnd=rnd)


def _login(client, user) -> None:
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("published", [False, True], ids=["unpublished", "published"])
@pytest.mark.parametrize("role", ["finance", "unit_leader", "sector_leader", "council", "anonymous"])
def test_each_role_sees_a_period_page_only_under_the_audience_rule(db, client, personas, role, published):
    _rounds_locked(published=published)
    _login(client, personas[role])
    answers = {url: client.get(url).status_code for url in EXPECTED[(role, published)]}
    assert answers == EXPECTED[(role, published)]


@pytest.mark.parametrize("published", [False, True], ids=["unpublished", "published"])
@pytest.mark.parametrize("role", ["finance", "unit_leader", "sector_leader", "council"])
def test_the_content_index_lists_periods_and_overdue_milestones_only_under_the_audience_rule(
    db, client, personas, role, published
):
    _rounds_locked(published=published)
    _login(client, personas[role])
    response = client.get("/innhold/")
    html = response.content.decode()
    sees = role != "council" or published
    assert response.status_code == 200
    assert (f'href="{CONTENT_PERIOD}"' in html) == sees
    assert ("Helseplattformen" in html) == sees  # the overdue milestones of the March plan
    assert ("Ingen forsinkede milepæler." in html) == (not sees)
    assert ("Ingen perioder er publisert ennå." in html) == (not sees)  # not «nothing imported»
    assert "Ingenting er importert ennå." not in html


def test_the_public_may_not_open_the_content_index(db, client):
    _rounds_locked(published=True)
    assert client.get("/innhold/").status_code == 403


@pytest.mark.parametrize("published", [False, True], ids=["unpublished", "published"])
def test_the_council_gets_the_front_page_and_reports_only_of_a_published_round(db, client, council_member, published):
    _rounds_locked(published=published)
    client.force_login(council_member)
    expected = 200 if published else 404
    assert client.get("/status/2024/3/rapport/").status_code == expected
    assert client.get("/tertialrapport/2024/1/").status_code == expected
    front = client.get("/")
    if published:
        assert front.status_code == 302 and front["Location"] == "/status/2024/4/"
    else:
        assert front.status_code == 200 and "Ingen rapporteringsrunde er publisert ennå." in front.content.decode()
