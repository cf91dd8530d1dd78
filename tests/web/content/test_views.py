import pytest
from django.contrib.auth import get_user_model

from tertial.web.accounts.roles import Role, role_grant
from tertial.web.content.models import Section


@pytest.fixture
def demo(levanger):
    return levanger


def user(role=None):
    u = get_user_model().objects.create_user(f"u-{role or 'none'}", password="x")
    if role:
        role_grant(u, role)
    return u


def test_anonymous_users_may_not_read_content(client, demo):
    assert client.get("/innhold/2024/3/").status_code == 403


def test_a_unit_leader_reads_but_may_not_edit(client, demo):
    client.force_login(user(Role.UNIT_LEADER))
    page = client.get("/innhold/2024/3/")
    assert page.status_code == 200 and "Ny seksjon" not in page.content.decode()
    section = Section.objects.first()
    assert client.get(f"/innhold/seksjoner/{section.pk}/update/").status_code == 403
    assert client.post(f"/innhold/seksjoner/{section.pk}/delete/").status_code == 403


def test_finance_edits_a_section_and_script_is_removed(client, demo):
    client.force_login(user(Role.FINANCE))
    section = Section.objects.get(title="Eierskapsmelding – Levanger kommune")
    response = client.post(
        f"/innhold/seksjoner/{section.pk}/update/",
        {"title": section.title, "html": "<p>Ny tekst</p><script>x()</script>", "sort_order": 3},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.html == "<p>Ny tekst</p>"


def test_the_sick_leave_page_shows_the_seed_table_flagged_percent_only_with_a_chart_per_sector(client, demo):
    client.force_login(user(Role.FINANCE))  # units of unknown size are for finance only (tests/web/test_privacy.py)
    html = client.get("/innhold/2024/3/sykefravaer/").content.decode()
    assert "Ekne barneskole" in html and "20,72\xa0%" in html and "10,17\xa0%" in html
    assert "Prosentene er hentet fra kilden" in html
    # the municipality and four sectors (Kommunesamarbeid has no staff), each also laid out for a phone
    assert html.count('<div class="chart-wide"><svg') == 5
    assert html.count('<div class="chart-narrow"><svg') == 5


def test_the_period_page_shows_the_nav_check_and_the_revised_milestone(client, demo):
    client.force_login(user(Role.FINANCE))
    html = client.get("/innhold/2024/3/").content.decode()
    assert "står +25 %, skulle vært +34 %" in html
    assert "Flyttet fra 31.05.2024 til 19.06.2024" in html
    assert "Kommunestyret 29.11.2023" in html


def test_finance_revises_a_milestone_through_the_form(client, demo):
    from tertial.web.content.models import Milestone

    client.force_login(user(Role.FINANCE))
    m = Milestone.objects.get(title="Behandling i driftsutvalget")
    response = client.post(
        f"/innhold/milepaeler/{m.pk}/update/", {"action": "revise", "new_date": "2024-06-26", "reason": "Møte flyttet"}
    )
    assert response.status_code == 302
    assert m.revisions.get().revised_date.isoformat() == "2024-06-26"
