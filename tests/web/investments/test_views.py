import pytest

from tertial.web.investments.models import Project


def test_finance_sees_the_project_list_with_totals_and_the_overview(levanger_investments, client, finance_officer):
    client.force_login(finance_officer)
    html = client.get("/investeringer/2024/4/").content.decode()
    caption = "Investeringsprosjekter pr. april 2024 (tall i 1000 kr)"
    assert f'<caption id="cap-investments-project-list-1">{caption}</caption>' in html
    assert "1101 Nesheim skole, utvidelse</a> <strong>(vesentlig avvik)</strong>" in html
    assert '<td class="num">153\xa0000</td>' in html and '<td class="num">−9\xa0000</td>' in html
    assert "Fremført til inndekning i senere år (udekket beløp)" in html
    assert 'role="alert"' not in html


def test_a_unit_leader_sees_the_projects(levanger_investments, client, leader_235):
    client.force_login(leader_235)
    assert client.get("/investeringer/2024/4/").status_code == 200


@pytest.mark.parametrize("persona", ["plain_user", "council_member"])
def test_users_without_live_figures_get_403(levanger_investments, client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    project = Project.objects.get(number="1101")
    assert client.get("/investeringer/2024/4/").status_code == 403
    assert client.get(f"/investeringer/2024/4/prosjekter/{project.pk}/").status_code == 403


def test_anonymous_users_get_403(levanger_investments, client):
    assert client.get("/investeringer/2024/4/").status_code == 403


def test_the_detail_page_shows_the_frame_history_and_monthly_actuals(levanger_investments, client, finance_officer):
    client.force_login(finance_officer)
    project = Project.objects.get(number="1101")
    html = client.get(f"/investeringer/2024/4/prosjekter/{project.pk}/").content.decode()
    assert html.index("PS 45/22") < html.index("PS 12/23")
    assert "Økt ramme etter anbudskonkurranse <strong>(gjeldende)</strong>" in html
    assert '<th scope="row">April</th>' in html and '<td class="num">14\xa0850</td>' in html
    assert '<th scope="row">Mai</th>' not in html


def test_a_project_of_another_year_or_a_bad_month_is_404(levanger_investments, client, finance_officer):
    client.force_login(finance_officer)
    project = Project.objects.get(number="1101")
    assert client.get(f"/investeringer/2025/4/prosjekter/{project.pk}/").status_code == 404
    assert client.get("/investeringer/2024/13/").status_code == 404


def test_the_pages_read_a_bounded_number_of_queries(
    levanger_investments, client, finance_officer, django_assert_max_num_queries
):
    client.force_login(finance_officer)
    project = Project.objects.get(number="1101")
    with django_assert_max_num_queries(17):  # 14 + the header's data version, theme and periods (cold cache)
        assert client.get("/investeringer/2024/4/").status_code == 200
    with django_assert_max_num_queries(15):  # + the header's data version (theme and periods cached)
        assert client.get(f"/investeringer/2024/4/prosjekter/{project.pk}/").status_code == 200


def test_the_index_links_each_reported_period(levanger_investments, client, finance_officer):
    client.force_login(finance_officer)
    html = client.get("/investeringer/").content.decode()
    assert '<a href="/investeringer/2024/4/">Pr. april 2024</a>' in html


def test_the_query_count_does_not_grow_with_the_number_of_projects(levanger_investments, client, finance_officer, put):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(finance_officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/investeringer/2024/4/").status_code == 200
        return len(ctx.captured_queries)

    count()  # the first page of a minute also reads the bell's unread count (then cached)
    before = count()
    head = "nr;navn;ansvar;ramme;budsjett;prognose_aar;prognose_total;status\n"
    rows = "".join(f"9{n:03d};Ekstra {n};630;1000;1000;1000;1000;bygging\n" for n in range(30))
    put("investment-projects", "more.csv", head + rows, period=4)
    put(
        "investment-frames",
        "more-frames.csv",
        "nr;dato;vedtak;ramme\n" + "".join(f"9{n:03d};2024-01-10;PS 1/24;1000\n" for n in range(30)),
    )
    put(
        "investment-actuals",
        "more-gl.csv",
        "periode;ansvar;art;funksjon;prosjekt;belop\n"
        + "".join(f"202402;630;02300;345;9{n:03d};10\n" for n in range(30)),
    )
    assert Project.objects.count() == 40
    count()  # new data: the header's theme and periods are read again once per data version
    assert count() == before


def test_the_admin_shows_a_project_read_only(levanger_investments, client, admin_user):
    client.force_login(admin_user)
    project = Project.objects.get(number="1101")
    page = client.get(f"/admin/investments/project/{project.pk}/change/")
    assert page.status_code == 200 and "PS 12/23" in page.content.decode()
    assert client.post(f"/admin/investments/project/{project.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()
