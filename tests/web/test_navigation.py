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
        "Økonomistatus", "Politiske vedtak", "Rapporteringsrunder", "Mine enheter",
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
