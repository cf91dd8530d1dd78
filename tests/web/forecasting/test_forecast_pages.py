"""The forecast history and track record pages (issue 9): finance and leaders only."""

import pytest
from django.urls import reverse

from tertial.renderers import numbers as nb
from tertial.web.forecasting.selectors import forecast_history_get, track_record_get


def test_finance_sees_the_forecast_history(levanger, finance_officer, client):
    client.force_login(finance_officer)
    response = client.get(reverse("forecasting:forecast-history", args=[2023]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Prognosehistorikk 2023" in html and 'scope="row"' in html
    assert '<caption id="cap-forecasting-history-1">' in html
    history = {h.unit: h for h in forecast_history_get(year=2023)}
    august = history["235"].points[-1]
    assert august.amount is not None and august.change is not None
    assert nb.thousands(august.amount) in html and nb.thousands(august.change) in html
    assert "april" in html.lower() and "august" in html.lower()


def test_the_current_year_shows_the_march_forecasts(levanger, finance_officer, client):
    client.force_login(finance_officer)
    html = client.get(reverse("forecasting:forecast-history", args=[2024])).content.decode()
    assert nb.thousands(34_089_982_00) in html  # unit 235 pr. 31.03.2024


def test_finance_sees_the_track_record(levanger, finance_officer, client):
    client.force_login(finance_officer)
    response = client.get(reverse("forecasting:forecast-track-record", args=[2023]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Prognosesikkerhet 2023" in html
    rows = track_record_get(year=2023)
    total = rows[-1]
    assert total.kind == "total" and total.final
    assert nb.thousands(total.final) in html
    for _m, error in total.errors:
        assert error is not None and nb.thousands(error) in html


@pytest.mark.parametrize("name", ["forecasting:forecast-history", "forecasting:forecast-track-record"])
def test_anonymous_is_sent_to_login(levanger, client, name):
    response = client.get(reverse(name, args=[2023]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", ["forecasting:forecast-history", "forecasting:forecast-track-record"])
def test_council_members_and_users_without_a_role_are_refused(levanger, client, council_member, plain_user, name):
    for user in (council_member, plain_user):
        client.force_login(user)
        assert client.get(reverse(name, args=[2023])).status_code == 403


def test_a_unit_leader_sees_the_history(levanger, leader_235, client):
    client.force_login(leader_235)
    assert client.get(reverse("forecasting:forecast-history", args=[2024])).status_code == 200


def test_an_unknown_year_is_not_found(levanger, finance_officer, client):
    client.force_login(finance_officer)
    assert client.get(reverse("forecasting:forecast-history", args=[1999])).status_code == 404


@pytest.mark.parametrize("name", ["forecasting:forecast-history", "forecasting:forecast-track-record"])
def test_the_pages_use_a_bounded_number_of_queries(
    levanger, finance_officer, client, django_assert_max_num_queries, name
):
    client.force_login(finance_officer)
    with django_assert_max_num_queries(17):  # 15 + the header's theme and periods (cached per data version)
        assert client.get(reverse(name, args=[2023])).status_code == 200


def test_track_record_page_draws_the_first_report_errors(levanger, client, finance_officer):
    client.force_login(finance_officer)
    html = client.get("/prognoser/2023/treffsikkerhet/").content.decode()
    assert 'role="img"' in html and "Prognosefeil ved første rapportering 2023" in html


def test_an_open_year_shows_the_forecasts_so_far_without_a_verdict(levanger, finance_officer, client):
    client.force_login(finance_officer)
    html = client.get(reverse("forecasting:forecast-track-record", args=[2024])).content.decode()
    assert "2024 er ikke avsluttet" in html
    main = html.split('<main id="main"')[1]  # the header's icons are not charts
    assert "Tendens" not in main and "forsiktig" not in main and "<svg" not in main
    row = html.split('id="unit-235"')[1].split("</tr>")[0]
    assert nb.thousands(34_089_982_00) in row  # its forecast pr. 31.03.2024, not an «error»
    closed = client.get(reverse("forecasting:forecast-track-record", args=[2023])).content.decode()
    assert "Tendens" in closed and "ikke avsluttet" not in closed


def test_finance_sees_the_backtest_table_and_a_leader_does_not(levanger, finance_officer, leader_235, client):
    client.force_login(finance_officer)
    response = client.get(reverse("forecasting:forecast-backtest"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tilbaketest av prognosemetodene" in html and "2021–2023" in html
    assert "Dekning 80 %" in html and "Dekning 95 %" in html
    assert "i alle månedene januar–november" in html
    assert "<strong>1,68</strong>" in html  # the combined method's MAE in March, mill. kr, the month's best
    client.force_login(leader_235)
    assert client.get(reverse("forecasting:forecast-backtest")).status_code == 403
