from django.urls import reverse

URL = reverse("appropriations:overview", args=[2024, 4])


def test_finance_sees_both_tables_of_the_overview(levanger, client, finance_officer):
    client.force_login(finance_officer)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<caption id="cap-appropriations-overview-1">Netto driftsramme per rammeområde' in html
    assert '<th scope="row">Korrigert sum bevilgninger drift, netto</th>' in html
    assert '<th scope="row">Fremført til inndekning i senere år (merforbruk)</th>' in html
    # samlet avvik −43 100 000 kr in 1000 kr, marked in words, not only by colour
    assert '<td class="num neg">\u221243\u00a0100 <span class="muted">merforbruk</span></td>' in html
    assert "Kontroll: alle delsummer stemmer" in html


def test_a_unit_leader_sees_the_live_overview(levanger, client, leader_235):
    client.force_login(leader_235)
    assert client.get(URL).status_code == 200


def test_a_user_without_a_role_and_the_public_are_refused_an_unpublished_period(levanger, client, plain_user):
    assert client.get(URL).status_code == 403
    client.force_login(plain_user)
    assert client.get(URL).status_code == 403


def test_the_index_redirects_to_the_newest_period(levanger, client, finance_officer):
    client.force_login(finance_officer)
    response = client.get(reverse("appropriations:overview-latest"))
    assert response.status_code == 302 and response.url == URL


def test_a_period_without_general_lines_is_404(levanger, client, finance_officer):
    client.force_login(finance_officer)
    assert client.get(reverse("appropriations:overview", args=[2024, 3])).status_code == 404


def test_the_page_reads_a_bounded_number_of_queries(levanger, client, finance_officer, django_assert_max_num_queries):
    client.force_login(finance_officer)
    # 26: +1 for the municipality's sign presentation (issue 18) beside the header's bell, theme and periods
    with django_assert_max_num_queries(26):
        assert client.get(URL).status_code == 200


def test_the_status_page_of_april_links_the_overview_and_march_does_not(levanger, client, finance_officer):
    client.force_login(finance_officer)
    assert URL in client.get(reverse("reports:status", args=[2024, 4])).content.decode()
    march = reverse("appropriations:overview", args=[2024, 3])
    assert march not in client.get(reverse("reports:status", args=[2024, 3])).content.decode()


def test_the_public_sees_a_published_round_with_its_frozen_central_items(levanger, client, council_member):
    from datetime import date

    from tertial.web.budget.models import CentralItem
    from tertial.web.rounds import services as rounds

    rnd = rounds.round_open(year=2024, month=4, deadline=date(2024, 5, 10))
    client.force_login(council_member)
    assert client.get(URL).status_code == 403
    rounds.round_lock(rnd=rnd)
    rounds.round_publish(rnd=rnd)
    # a live change after the lock does not reach the published overview
    CentralItem.objects.filter(budget_year__year=2024, period=4, text="Renteinntekter").update(line="")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tall fra den låste rapporteringsrunden." in html
    assert "Kontroll: alle delsummer stemmer" in html
    assert '<td class="num neg">\u221243\u00a0100 <span class="muted">merforbruk</span></td>' in html
