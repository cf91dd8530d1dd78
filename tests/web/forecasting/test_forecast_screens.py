"""The statistical forecast on the status dashboard and the unit page (issue 9, "Where it shows")."""

from datetime import date

from django.urls import reverse

from tertial.renderers import numbers as nb
from tertial.web.forecasting.selectors import forecast_overview_get
from tertial.web.rounds import services as rounds


def test_the_dashboard_shows_the_statistical_column_and_marks_a_flagged_unit(levanger, finance_officer, client):
    client.force_login(finance_officer)
    html = client.get(reverse("reports:status", args=[2024, 3])).content.decode()
    assert "Statistisk prognose" in html
    overview = forecast_overview_get(year=2024, month=3)
    flag = next(f for f in overview.flags if f.unit == "133")
    row = html.split('id="unit-133"')[1].split("</tr>")[0]
    assert nb.thousands(overview.projection.unit("133").point) in row
    assert "⚠" in row and 'class="visually-hidden"' in row
    assert "".join(nb.run_text(r) for r in flag.reason) in row


def test_the_dashboard_lists_the_flagged_units_largest_difference_first_with_their_reasons(
    levanger, finance_officer, client
):
    client.force_login(finance_officer)
    html = client.get(reverse("reports:status", args=[2024, 4])).content.decode()
    section = html.split('id="flags-heading"')[1].split("</section>")[0]
    assert "4 enheter har en prognose utenfor det statistiske 95 %-intervallet" in section
    items = section.split("<li>")[1:]
    assert [i.split("</a>")[0].rsplit(">", 1)[1] for i in items] == [
        "133 NAV kommune",
        "160 Innvandrertjenesten",
        "650 Teknisk enhet",
        "680 Brann og redning",
    ]
    assert 'href="/runder/2024/4/enheter/133/"' in items[0]
    # NAV forecasts 48,6 mill. kr; its accounts to April point to 35,4 (13,2 lower), and the reason says why
    assert "prognose 48,6\u00a0mill., fremskrevet 35,4\u00a0mill. (13,2\u00a0mill. lavere enn prognosen)" in items[0]
    assert "Andre driftsutgifter: bokført 11,8\u00a0mill. pr. april 2024, vanligvis 38 % av året" in items[0]


def test_the_public_does_not_see_the_statistical_column(levanger, client):
    rnd = rounds.round_open(year=2024, month=3, deadline=date(2024, 4, 10))
    rnd = rounds.round_lock(rnd=rnd)
    rounds.round_publish(rnd=rnd)
    response = client.get(reverse("reports:status", args=[2024, 3]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Statistisk prognose" not in html and "⚠" not in html and "flags-heading" not in html


def test_the_unit_page_shows_the_projection_and_an_accessible_chart(levanger, finance_officer, client):
    rounds.round_open(year=2024, month=3, deadline=date(2024, 4, 10))
    client.force_login(finance_officer)
    response = client.get("/runder/2024/3/enheter/133/")
    assert response.status_code == 200
    html = response.content.decode()
    section = html.split('id="projection-heading"')[1].split("</section>")[0]
    assert "Statistisk årsprognose" in section
    unit = forecast_overview_get(year=2024, month=3).projection.unit("133")
    assert unit.low is not None and unit.high is not None
    assert nb.kroner(unit.point) in section and nb.kroner(unit.low) in section and nb.kroner(unit.high) in section
    assert ", ".join(str(y) for y in unit.years) in section
    assert "<svg" in section and 'role="img"' in section and "<title" in section
    assert '<p class="visually-hidden">Akkumulert regnskap hittil' in section  # the text alternative
    assert "⚠" in section
