"""The status page and the public decisions page cache their data fragment per data version
(tertial.web.pagecache): never stale after a write, never shared between audiences, and cheap on a hit."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tertial.web import pagecache

NBSP = "\u00a0"
STATUS = reverse("reports:status", args=[2024, 3])


def page(response) -> str:
    """The page without its CSRF tokens (masked afresh on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def unit_row(html: str, code: str) -> str:
    match = re.search(rf'<tr class=""? ?id="unit-{code}">(.*?)</tr>', html, re.S)
    assert match, f"no row for unit {code}"
    return match.group(1)


def test_every_service_write_bumps_the_data_version(levanger, tmp_path):
    from tertial.web.imports import ImportRequest, import_file

    before = pagecache.data_version()
    path = tmp_path / "f.csv"
    path.write_text("ansvar;prognose\n235;41000000\n", encoding="utf-8")
    import_file("forecasts", ImportRequest(path=path, year=2024, period=3))
    assert pagecache.data_version() > before


def test_a_cached_status_page_shows_a_saved_forecast_at_once(levanger, client, finance_officer, leader_235):
    from tertial.web.rounds import services as rounds
    from tertial.web.rounds.models import Task

    client.force_login(finance_officer)
    first = page(client.get(STATUS))
    assert page(client.get(STATUS)) == first  # served from the cache
    rnd = rounds.round_open(year=2024, month=3, deadline=date(2024, 4, 10))
    task = Task.objects.get(round=rnd, unit__code="235")
    rounds.prognosis_save(
        task=task, version=task.version, forecast=98_765_400_000, cause="Elevtall", consequence="Merforbruk",
        actor=leader_235,
    )  # fmt: skip
    after = client.get(STATUS).content.decode()
    assert f"987{NBSP}654" not in unit_row(first, "235")
    assert f'<td class="num">987{NBSP}654</td>' in unit_row(after, "235")


def test_a_cached_status_page_shows_a_new_import_at_once(levanger, client, finance_officer, tmp_path):
    from tertial.web.imports import ImportRequest, import_file
    from tertial.web.reports.views import _status_fragment

    client.force_login(finance_officer)
    first = client.get(STATUS).content.decode()
    ledger = tmp_path / "mars.csv"
    ledger.write_text("periode;ansvar;art;funksjon;belop\n202403;235;10100;202;123456789\n", encoding="utf-8")
    import_file("actuals", ImportRequest(path=ledger, year=2024))
    after = client.get(STATUS).content.decode()
    assert unit_row(after, "235") != unit_row(first, "235")
    periods = [(2024, 3), (2024, 2), (2024, 1), (2023, 12)]  # not part of the fragment compared below
    fresh = _status_fragment(
        year=2024, month=3, live=True, sort="", descending=False, linkable=None, periods=periods
    )  # rendered now, without the cache
    assert unit_row(after, "235") == unit_row(fresh, "235")


def test_publishing_a_round_opens_the_cached_page_to_the_public(levanger, client):
    from tertial.web.rounds import services as rounds

    assert client.get(STATUS).status_code == 404  # nothing published: the public's period list is empty
    rnd = rounds.round_open(year=2024, month=3, deadline=date(2024, 4, 10))
    rounds.round_lock(rnd=rnd)
    assert client.get(STATUS).status_code == 404  # locked, not yet published
    rounds.round_publish(rnd=rnd)
    response = client.get(STATUS)
    assert response.status_code == 200
    assert "Publiserte tall fra den låste rapporteringsrunden." in response.content.decode()


def test_staff_and_the_public_never_get_each_others_fragment(levanger, client, finance_officer, council_member):
    from tertial.web.rounds import services as rounds

    rnd = rounds.round_open(year=2024, month=3, deadline=date(2024, 4, 10))
    rounds.round_lock(rnd=rnd)
    rounds.round_publish(rnd=rnd)
    client.force_login(finance_officer)
    live = client.get(STATUS).content.decode()
    client.force_login(council_member)
    published = client.get(STATUS).content.decode()
    client.logout()
    public = client.get(STATUS).content.decode()
    assert "Foreløpige tall" in live and "Statistisk prognose" in live
    for page in (published, public):
        assert "Publiserte tall fra den låste rapporteringsrunden." in page
        assert "Foreløpige tall" not in page and "Statistisk prognose" not in page


def test_a_unit_leader_gets_only_the_links_to_the_units_he_leads(levanger, client, finance_officer, leader_235):
    client.force_login(finance_officer)
    finance = client.get(STATUS).content.decode()
    client.force_login(leader_235)
    leader = client.get(STATUS).content.decode()
    link_137 = f'href="{reverse("rounds:unit-detail", args=[2024, 3, "137"])}"'
    link_235 = f'href="{reverse("rounds:unit-detail", args=[2024, 3, "235"])}"'
    assert link_137 in finance and link_235 in finance
    assert link_235 in leader and link_137 not in leader


def test_the_per_user_frame_is_never_cached(levanger, client, finance_officer, leader_235):
    client.force_login(finance_officer)
    finance = client.get(STATUS)
    client.force_login(leader_235)
    leader = client.get(STATUS)
    assert "Logg ut okonomi" in finance.content.decode() and "Logg ut okonomi" not in leader.content.decode()
    assert "Logg ut leder235" in leader.content.decode()
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.content.decode()) for r in (finance, leader)]
    assert tokens[0] and tokens[1] and set(tokens[0]).isdisjoint(tokens[1])


def test_sorting_is_part_of_the_key(levanger, client, finance_officer):
    client.force_login(finance_officer)
    plain = client.get(STATUS).content.decode()
    by_deviation = client.get(STATUS + "?sort=avvik&dir=desc").content.decode()
    assert 'aria-sort="descending"' in by_deviation and 'aria-sort="descending"' not in plain


def test_an_english_page_is_not_served_from_the_norwegian_cache(levanger, client, finance_officer):
    client.force_login(finance_officer)
    norwegian = client.get(STATUS).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(STATUS).content.decode()
    assert "Foreløpige tall" in norwegian
    assert "Foreløpige tall" not in english


def test_a_cached_status_page_costs_a_bounded_handful_of_queries(
    levanger, client, finance_officer, django_assert_max_num_queries
):
    client.force_login(finance_officer)
    client.get(STATUS)  # fills the cache (about 36 queries)
    # session, user, roles (live audience and readable units), the data version, the municipality for the frame
    with django_assert_max_num_queries(8):
        response = client.get(STATUS)
    assert f'<td class="num">1{NBSP}396{NBSP}061</td>' in response.content.decode()


# --- the public decisions page and its JSON ---------------------------------------------------------


@pytest.fixture
def decisions(db, tmp_path):
    from tertial.web.demo import demo_dir
    from tertial.web.imports import ImportRequest, import_file

    import_file("decisions-text", ImportRequest(path=demo_dir() / "decisions.txt", year=2024))


def test_the_public_decisions_page_shows_an_edit_at_once(decisions, client, django_assert_max_num_queries):
    from tertial.web.decisions.models import Case
    from tertial.web.decisions.services import case_save, case_values

    url = reverse("decisions:public")
    first = page(client.get(url))
    with django_assert_max_num_queries(4):
        assert page(client.get(url)) == first
    case = Case.objects.order_by("pk").first()
    before = case_values(case)
    case.title = "Ny tittel fra testen"
    case_save(case=case, actor=None, before=before)
    assert "Ny tittel fra testen" not in first
    assert "Ny tittel fra testen" in client.get(url).content.decode()


def test_the_decisions_api_shows_an_edit_at_once(decisions, client, django_assert_max_num_queries):
    from tertial.web.decisions.models import Case
    from tertial.web.decisions.services import case_save, case_values

    url = reverse("decisions:api-list")
    first = client.get(url).json()
    with django_assert_max_num_queries(4):
        assert client.get(url).json() == first
    case = Case.objects.order_by("pk").first()
    before = case_values(case)
    case.title = "Ny tittel fra testen"
    case_save(case=case, actor=None, before=before)
    titles = [c["title"] for c in client.get(url).json()["results"]]
    assert "Ny tittel fra testen" in titles
    filtered = client.get(url, {"q": "Ny tittel fra testen"}).json()
    assert filtered["count"] <= first["count"]


def test_a_cached_report_shows_a_new_forecast_at_once(levanger, client, finance_officer, tmp_path):
    from tertial.web.imports import ImportRequest, import_file

    client.force_login(finance_officer)
    url = reverse("reports:status-report", args=[2024, 3])
    first = client.get(url).content.decode()
    assert client.get(url).content.decode() == first
    path = tmp_path / "f.csv"
    path.write_text("ansvar;prognose\n235;987654000\n", encoding="utf-8")
    import_file("forecasts", ImportRequest(path=path, year=2024, period=3))
    after = client.get(url).content.decode()
    assert f"987{NBSP}654" not in first and f"987{NBSP}654" in after


def test_the_public_gets_no_report_before_publication_even_when_staff_filled_the_cache(
    levanger, client, finance_officer
):
    url = reverse("reports:status-report", args=[2024, 3])
    client.force_login(finance_officer)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404
