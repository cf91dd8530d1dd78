"""The year-end forecast engine on constructed series with known answers (no database)."""

from decimal import Decimal
from fractions import Fraction

from tertial.core import projection as p
from tertial.core.org import Sector, Unit, organisation_build
from tertial.core.periods import Period
from tertial.core.status import CentralItem, status_compute

FLAT = [100_000] * 12
HOLIDAY = [100_000] * 5 + [200_000] + [100_000] * 6  # June holiday pay: 13 months' worth
FEES_AHEAD = [0, 0, -400_000, 0, 0, 0, -400_000, 0, 0, 0, -400_000, 0]  # four months booked at a time


def one(unit_series, years=(2021, 2022)):
    return {y: {"A": unit_series} for y in years}


def test_kostra_art_reads_three_and_five_digit_account_codes():
    assert p.kostra_art("010") == 10
    assert p.kostra_art("10100") == 10
    assert p.kostra_art("17100") == 710
    assert p.kostra_art("11000") == 100
    assert p.kostra_art("x1") is None


def test_default_groups_put_salaries_refunds_and_income_apart():
    assert p.account_group("10990") == p.GROUP_SALARY  # arbeidsgiveravgift
    assert p.account_group("17100") == p.GROUP_REFUND  # sykelønnsrefusjon
    assert p.account_group("16200") == p.GROUP_INCOME
    assert p.account_group("18100") == p.GROUP_INCOME
    assert p.account_group("12700") == p.GROUP_OTHER
    assert p.account_group("") == p.GROUP_OTHER


def test_account_groups_are_data_that_a_municipality_can_override():
    mine = (p.ArtRange(10, 89, "lonn"), p.ArtRange(90, 99, "pensjon"))
    assert p.account_group("10900", mine) == "pensjon"
    assert p.account_group("11000", mine, default="annet") == "annet"


def test_flat_profile_projects_ytd_times_twelve_over_m_with_a_zero_width_interval():
    proj = p.projection_compute(
        period=Period(2023, 3), actuals={"A": {"lonn": [120_000] * 3}}, history=one({"lonn": FLAT}), budget={}
    )
    u = proj.unit("A")
    assert u.method == p.METHOD_STATISTICAL
    assert u.point == 1_440_000
    assert (u.low, u.high) == (1_440_000, 1_440_000)  # the profile never missed in earlier years
    assert u.years == (2021, 2022)
    assert proj.point == 1_440_000


def test_june_holiday_pay_is_expected_and_not_read_as_overspending():
    this_year = [110_000] * 5 + [220_000]  # ten per cent above earlier years, same shape
    proj = p.projection_compute(
        period=Period(2023, 6), actuals={"A": {"lonn": this_year}}, history=one({"lonn": HOLIDAY}), budget={}
    )
    assert proj.unit("A").point == 1_430_000  # 1,1 × 1 300 000
    assert p.run_rate(sum(this_year), 6) == 1_540_000  # the naive run-rate overshoots


def test_income_booked_four_months_ahead_is_projected_from_its_own_profile():
    this_year = [0, 0, -440_000]
    proj = p.projection_compute(
        period=Period(2023, 3), actuals={"A": {"inntekt": this_year}}, history=one({"inntekt": FEES_AHEAD}), budget={}
    )
    g = proj.unit("A").groups[0]
    assert g.share == Fraction(1, 3)
    assert proj.unit("A").point == -1_320_000


def test_before_the_first_booking_the_rest_of_the_year_is_taken_from_earlier_years():
    proj = p.projection_compute(
        period=Period(2023, 2), actuals={"A": {"inntekt": [0, 0]}}, history=one({"inntekt": FEES_AHEAD}), budget={}
    )
    g = proj.unit("A").groups[0]
    assert g.share is None  # share 0 < min_share: the "rest" rule
    assert proj.unit("A").point == -1_200_000


def test_one_year_of_history_falls_back_to_the_periodised_budget_and_says_so():
    proj = p.projection_compute(
        period=Period(2023, 3),
        actuals={"A": {"lonn": [150_000, 150_000, 100_000]}},
        history={2022: {"A": {"lonn": FLAT}}},
        budget={"A": 1_200_000},
    )
    u = proj.unit("A")
    assert u.method == p.METHOD_BUDGET_PROFILE
    assert u.point == 1_300_000  # budget + (400 000 − 300 000 planned by March)
    assert not u.has_interval


def test_the_budget_profile_of_a_unit_is_used_when_the_municipality_has_one():
    proj = p.projection_compute(
        period=Period(2023, 6),
        actuals={"A": {"lonn": [100_000] * 5 + [200_000]}},
        history={},
        budget={"A": 1_300_000},
        budget_profiles={"A": HOLIDAY},
    )
    assert proj.unit("A").point == 1_300_000


def test_no_history_and_a_zero_budget_fall_back_to_the_run_rate():
    proj = p.projection_compute(
        period=Period(2023, 3), actuals={"A": {"drift": [100, 100, 100]}}, history={}, budget={"A": 0}
    )
    u = proj.unit("A")
    assert (u.method, u.point, u.low) == (p.METHOD_RUN_RATE, 1_200, None)


def test_a_zero_budget_does_not_stop_the_statistical_method():
    proj = p.projection_compute(
        period=Period(2023, 3), actuals={"A": {"lonn": [100_000] * 3}}, history=one({"lonn": FLAT}), budget={"A": 0}
    )
    assert proj.unit("A").method == p.METHOD_STATISTICAL
    assert proj.unit("A").point == 1_200_000


def test_a_unit_missing_from_this_years_actuals_is_projected_at_the_rest_of_earlier_years():
    proj = p.projection_compute(
        period=Period(2023, 3), actuals={}, history=one({"lonn": FLAT}), budget={"A": 1}, units=["A"]
    )
    assert proj.unit("A").point == 0  # nothing booked, flat profile: the projection stays at zero


def test_the_interval_widens_with_the_errors_of_earlier_years():
    years = {
        2020: {"A": {"lonn": [100_000] * 12}},
        2021: {"A": {"lonn": [100_000] * 3 + [120_000] * 9}},
        2022: {"A": {"lonn": [100_000] * 3 + [90_000] * 9}},
    }
    u = p.projection_compute(
        period=Period(2023, 3), actuals={"A": {"lonn": [100_000] * 3}}, history=years, budget={}
    ).unit("A")
    assert u.low < u.point < u.high
    assert u.contains(u.point)


def test_exact_rational_projections_round_half_away_from_zero_to_whole_ore():
    assert p._ore(Fraction(5, 2)) == 3
    assert p._ore(Fraction(-5, 2)) == -3
    assert p._ore(Fraction(7, 3)) == 2


def test_monthly_profile_is_the_cumulative_share_of_the_year():
    prof = p.monthly_profile(one({"lonn": HOLIDAY}), "A")
    assert prof[5] == Fraction(7, 13)
    assert prof[11] == 1
    assert p.monthly_profile({}, "A") is None


def test_a_change_above_either_drift_threshold_needs_an_explanation():
    t = p.DriftThreshold(amount=50_000_000, percent_of_budget=Decimal(1))
    assert p.explanation_required(60_000_000, 100_000_000_000, t)  # above 0,5 mill.
    assert p.explanation_required(2_000_000, 100_000_000, t)  # 20 000 kr is 2 % of a 1 mill. budget
    assert not p.explanation_required(500_000, 100_000_000, t)
    hist = p.forecast_history_compute(
        forecasts={2: {"A": 100_000_000}, 3: {"A": 180_000_000}, 4: {}}, budget={"A": 10_000_000_000}, units=["A"]
    )
    pts = hist[0].points
    assert [(x.month, x.change, x.needs_explanation) for x in pts] == [
        (2, None, False),
        (3, 80_000_000, True),
        (4, None, False),
    ]


def _org():
    return organisation_build(
        2024,
        [Sector("S1", "Oppvekst", 1), Sector("S2", "Helse", 2)],
        [Unit("1", "Skole", "S1", 1), Unit("2", "Sykehjem", "S2", 2)],
    )


def test_the_bridge_runs_from_unit_deviations_through_central_items_to_the_net_forecast():
    table = status_compute(
        _org(),
        Period(2024, 3),
        actual={},
        budget={"1": 100_000_000_00, "2": 200_000_000_00},
        forecast={"1": 122_700_000_00, "2": 240_000_000_00},
        total_name="Totalt",
    )
    central = [CentralItem("Inntekt", "Økt rammetilskudd", 20_000_000_00), CentralItem("Skatt", "Skatt", 0)]
    bridge = p.bridge_compute(table, central, measures_effect=125_000_00)
    assert [s.kind for s in bridge.steps] == ["sector", "sector", "measures", "subtotal", "central", "total"]
    assert bridge.steps[3].running == -62_700_000_00
    assert not bridge.steps[2].counted
    assert bridge.net == -42_700_000_00


def test_track_record_calls_a_unit_conservative_when_it_forecast_more_than_it_spent():
    rows = p.track_record_compute(
        org=_org(),
        forecasts={4: {"1": 110_000_000}, 8: {"1": 105_000_000, "2": 198_000_000}},
        final={"1": 100_000_000, "2": 200_000_000},
        budget={"1": 100_000_000, "2": 200_000_000},
    )
    by = {r.code: r for r in rows}
    assert by["1"].errors == ((4, 10_000_000), (8, 5_000_000))
    assert by["1"].tendency == p.TRACK_CONSERVATIVE
    assert by["2"].tendency == p.TRACK_ACCURATE  # budget at T1 (0), −1 % at T2
    assert by[""].kind == "total"
