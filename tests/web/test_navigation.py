"""The main menu offers each person the sections they may open, and marks the current one."""

from django.urls import reverse


def menu(client) -> dict[str, str]:
    return {
        str(item.label): item.url
        for item in client.get(reverse("reports:status-latest"), follow=True).context["main_menu"]
    }


def test_the_public_sees_status_decisions_and_rounds_only(levanger, client):
    assert list(menu(client)) == ["Økonomistatus", "Politiske vedtak", "Rapporteringsrunder"]


def test_finance_is_offered_every_section_it_may_open(levanger, client, finance_officer):
    client.force_login(finance_officer)
    items = menu(client)
    assert list(items) == [
        "Økonomistatus", "Politiske vedtak", "Rapporteringsrunder",
        "Bevilgning", "Investeringer", "Finans og gjeld", "Budsjettforslag", "Import",
    ]  # fmt: skip
    for label, url in items.items():
        assert client.get(url, follow=True).status_code == 200, label


def test_a_council_member_gets_no_staff_sections(levanger, client, council_member):
    client.force_login(council_member)
    assert "Bevilgning" not in menu(client) and "Import" not in menu(client)


def test_the_current_section_is_marked_for_screen_readers(levanger, client, finance_officer):
    client.force_login(finance_officer)
    html = client.get(reverse("investments:index"), follow=True).content.decode()
    assert f'<a href="{reverse("investments:index")}" aria-current="page">Investeringer</a>' in html


def test_a_unit_leader_starts_at_my_tasks_and_finance_at_the_status(levanger, client, finance_officer, leader_235):
    from tertial.web.demo import demo_users_create

    demo_users_create()  # opens the round pr. 31.03.2024, 235's task submitted
    client.force_login(finance_officer)
    assert client.get("/").url == "/status/2024/4/"  # the newest period
    client.force_login(leader_235)
    assert client.get("/").url == reverse("rounds:my-tasks")
    items = menu(client)
    assert list(items)[:2] == ["Mine oppgaver", "Økonomistatus"] and items["Økonomistatus"] == "/status/"
    page = client.get(reverse("rounds:my-tasks")).content.decode()
    assert "235 Nesheim skole" in page and "10.04.2024" in page and "sendt inn" in page  # unit, deadline, state
    assert "Forside" not in page  # a menu section's own page has no breadcrumbs


def test_inner_pages_have_breadcrumbs_up_to_the_menu_section(levanger, client, finance_officer):
    client.force_login(finance_officer)
    html = client.get(reverse("rounds:unit-detail", args=[2024, 3, "235"])).content.decode()
    crumbs = html[html.index('class="ds-breadcrumbs') : html.index("</nav>", html.index('class="ds-breadcrumbs'))]
    assert [part.split('"')[0] for part in crumbs.split('href="')[1:]] == ["/", "/runder/", "/runder/2024/3/"]
    assert "31.03.2024" in crumbs


def test_the_header_period_picker_lists_the_periods_and_goes_to_the_chosen_one(levanger, client, finance_officer):
    client.force_login(finance_officer)
    html = client.get(reverse("reports:status", args=[2024, 3])).content.decode()
    assert '<option value="2024-03" selected>03.2024</option>' in html and '<optgroup label="2021">' in html
    assert client.get(reverse("reports:period-choose"), {"periode": "2023-08"}).url == "/status/2023/8/"
    assert client.get(reverse("reports:period-choose"), {"periode": "tull"}).url == "/status/"
