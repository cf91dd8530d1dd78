"""The public decisions page /vedtak/ (issue 16): search, filters, counts by status, pages, month dates."""

import re
from urllib.parse import unquote

from django.urls import reverse

from tertial.web.decisions.models import Case, DecisionPoint
from tertial.web.decisions.selectors import decisions_case_list
from tertial.web.decisions.views import PAGE_SIZE


def _page(client, **params) -> str:
    response = client.get(reverse("decisions:public"), params)
    assert response.status_code == 200
    return response.content.decode()


def _shown(html: str) -> list[str]:
    return re.findall(r'<h3 class="ds-heading" id="sak-\d+-tittel"><a[^>]*>([^<]+)</a>', html)


def test_status_counts_are_tags_that_filter_and_add_up_to_every_point(client, levanger):
    html = _page(client)
    counts = dict(re.findall(r'href="\?status=([^"]+)"[^>]*>[^<]+<strong>(\d+)</strong>', html))
    expected = {}
    for status in DecisionPoint.objects.values_list("status", flat=True):
        expected[status] = expected.get(status, 0) + 1
    assert {unquote(k): int(v) for k, v in counts.items()} == expected
    assert sum(int(v) for v in counts.values()) == DecisionPoint.objects.count() == 42
    done = _page(client, status="gjennomført")
    wanted = Case.objects.filter(points__status="gjennomført").distinct().count()
    assert f"{wanted} saker" in done and 'aria-current="true"' in done


def test_search_and_filters_narrow_the_list_and_keep_each_other_in_links(client, levanger):
    found = _shown(_page(client, q="LØVÅS"))  # Norwegian letters folded on SQLite too
    assert "FO 12/21" in found and set(found) == set(
        decisions_case_list(filters={"q": "løvås"}).values_list("reference", flat=True)
    )
    assert len(found) < Case.objects.count()
    html = _page(client, year="2019")
    assert _shown(html) == list(Case.objects.filter(year=2019).values_list("reference", flat=True))
    assert "?year=2019&amp;status=" in html  # a status tag keeps the year
    nothing = _page(client, q="finnes-ikke-i-noen-sak")
    assert "Ingen saker passer til søket." in nothing and _shown(nothing) == []
    responsible = DecisionPoint.objects.exclude(responsible="").values_list("responsible", flat=True).first()
    by_resp = _shown(_page(client, responsible=responsible))
    assert by_resp and set(by_resp) <= set(
        Case.objects.filter(points__responsible__icontains=responsible).values_list("reference", flat=True)
    )


def test_ten_cases_a_page_every_case_once_and_points_collapsed(client, levanger):
    pages = [_page(client, side=n) for n in (1, 2, 3)]
    shown = [ref for html in pages for ref in _shown(html)]
    assert [len(_shown(html)) for html in pages] == [PAGE_SIZE, PAGE_SIZE, 2] and len(shown) == Case.objects.count()
    assert sorted(shown) == sorted(Case.objects.values_list("reference", flat=True))
    first = pages[0]
    assert "22 saker, viser 1–10" in first and "22 saker, viser 21–22" in pages[2]
    assert 'aria-current="page"' in first and 'rel="next"' in first and 'rel="prev"' in pages[1]
    assert first.count('<details class="ds-details decision-point-details"') == sum(
        c.points.count() for c in Case.objects.filter(reference__in=_shown(first))
    )
    assert "<details open" not in first and " open>" not in first  # nothing is expanded on the list


def test_closed_months_are_printed_as_months_and_proposers_once_per_case(client, levanger):
    case = Case.objects.get(reference="FO 47/2020")
    point = case.points.get()
    assert (point.closed_text.lower(), str(point.closed_on)) == ("januar 2021", "2021-01-31")
    html = client.get(reverse("decisions:case", args=[case.pk])).content.decode()
    assert "januar 2021" in html and "31.01.2021" not in html
    listing = _page(client, q="FO 47/2020")
    assert "januar 2021" in listing and "31.01.2021" not in listing
    multi = next(c for c in Case.objects.all() if c.points.count() > 2 and c.proposer)
    detail = client.get(reverse("decisions:case", args=[multi.pk])).content.decode()
    assert detail.count("Forslag framsatt av") == 0 and detail.count(multi.proposer) >= 1  # in the facts
    on_list = _page(client, q=multi.reference)
    assert on_list.count("Forslag framsatt av") == 1


def test_htmx_requests_get_the_list_alone(client, levanger):
    response = client.get(reverse("decisions:public"), {"year": "2021"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and 'class="decision-search' in body


def test_many_pages_are_elided_so_the_page_links_stay_on_one_phone_line(client, levanger):
    from tertial.web.decisions.services import case_save

    for n in range(1, 80):
        case_save(case=Case(reference=f"PS {n}/2030", title=f"Sak {n}", kind="annet"), actor="test")
    html = _page(client, side=5)
    links = re.findall(r'aria-label="Side (\d+)"', html)
    assert links == ["1", "4", "5", "6", "11"] and html.count('<li aria-hidden="true">…</li>') == 2


def test_a_closed_month_is_named_in_the_readers_language(client, levanger):
    case = Case.objects.get(reference="FO 47/2020")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("decisions:case", args=[case.pk])).content.decode()
    assert "closed January 2021" in html and "31.01.2021" not in html  # (the log text is Norwegian data)
