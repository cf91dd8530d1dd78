"""The combined projection (issue 20): seasonal patterns, weights, calibration, the claim that it beats
both naive methods every month on two independent synthetic histories, and flags that matter."""

import csv
import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from tertial.core import combined as c
from tertial.core.periods import Period
from tertial.core.projection import account_group, run_rate
from tests.synthetic_municipality import REORGANISED, generate

DEMO = Path(__file__).resolve().parents[2] / "src" / "tertial" / "demo" / "levanger"
MILL = 100_000_000


def _demo_history():
    """The demo's SYNTHETIC 2021–2023 history read from its CSV files (no database)."""

    def rows(name):
        with (DEMO / name).open(encoding="utf-8") as f:
            return list(csv.reader((line for line in f if not line.startswith("#")), delimiter=";"))[1:]

    def ore(text):
        return int(Decimal(text.replace(",", ".")) * 100)

    history, budgets = {}, {}
    for y in (2021, 2022, 2023):
        series = defaultdict(lambda: defaultdict(lambda: [0] * 12))
        for periode, unit, art, _funksjon, amount in rows(f"history_actuals_{y}.csv"):
            series[unit][account_group(art)][int(periode) % 100 - 1] += ore(amount)
        history[y] = {u: dict(g) for u, g in series.items()}
        budgets[y] = {r[0]: ore(r[3]) for r in rows(f"history_budget_{y}.csv")}
    return history, budgets


def _unit(level, shape, years, noise=0.0, seed=1, budget_noise=0.0):
    """One unit, one group: `level` × shape per year with optional noise; budgets = level (± noise)."""
    rng = random.Random(seed)
    total = sum(shape)
    history, budgets = {}, {}
    for y in years:
        actual = level * (1 + rng.gauss(0, noise)) if noise else level
        history[y] = {"A": {"g": [int(actual * w / total) for w in shape]}}
        budgets[y] = {"A": int(level * (1 + rng.gauss(0, budget_noise)))}
    return history, budgets


EVEN = [1] * 12


@pytest.mark.parametrize("name", ["demo", "second"])
def test_the_combined_method_beats_both_naive_methods_in_every_month(name):
    if name == "demo":
        history, budgets = _demo_history()
    else:
        history, budgets = generate()
    bt = c.combined_backtest(history=history, budgets=budgets, years=sorted(history))
    assert bt.months_won() == tuple(range(1, 12)), [
        (m, bt.row(c.METHOD_COMBINED, m).mae, bt.row(c.METHOD_BUDGET_NAIVE, m).mae, bt.row(c.METHOD_RUN_NAIVE, m).mae)
        for m in range(1, 12)
    ]
    assert "alle månedene" in bt.verdict


def test_intervals_are_calibrated_on_generated_data_with_known_noise():
    history, budgets = generate(units=60, years=6, seed=7)
    bt = c.combined_backtest(history=history, budgets=budgets, years=sorted(history))
    for m in range(1, 12):
        row = bt.row(c.METHOD_COMBINED, m)
        assert 76 <= row.coverage80 <= 86, (m, row.coverage80)
        assert 92 <= row.coverage95 <= 98, (m, row.coverage95)


def test_a_unit_with_a_perfect_budget_history_leans_on_the_budget():
    # the budget is always right; the actuals' timing is noisy, so the profile misses
    rng = random.Random(3)
    history, budgets = {}, {}
    for y in range(2019, 2024):
        months = [rng.uniform(0.3, 1.7) for _ in range(12)]
        scale = 12 * MILL / sum(months)
        series = [int(v * scale) for v in months]
        series[-1] += 12 * MILL - sum(series)
        history[y] = {"A": {"g": series}, "B": {"g": [MILL] * 12}}
        budgets[y] = {"A": 12 * MILL, "B": 12 * MILL}
    cp = c.combined_compute(
        period=Period(2024, 3),
        actuals={"A": {"g": [2 * MILL, MILL, MILL]}, "B": {"g": [MILL] * 3}},
        history=history,
        budget={"A": 12 * MILL, "B": 12 * MILL},
        history_budgets=budgets,
    )
    weights = dict(cp.details["A"].weights)
    assert weights[c.COMP_BUDGET] > 0.5 and weights[c.COMP_BUDGET] > 2 * weights[c.COMP_PROFILE]


def test_a_unit_with_a_stable_profile_leans_on_the_profile():
    # the same shape every year, a level that moves, and a budget that never follows it
    rng = random.Random(5)
    history, budgets = {}, {}
    shape = [1.2, 1, 1, 1, 1, 1.6, 0.5, 1, 1, 1, 1, 1.1]
    for y in range(2019, 2024):
        level = 12 * MILL * (1 + rng.gauss(0, 0.08))
        history[y] = {"A": {"g": [int(level * w / sum(shape)) for w in shape]}}
        budgets[y] = {"A": 12 * MILL}
    now = 12 * MILL * 1.1
    cp = c.combined_compute(
        period=Period(2024, 6),
        actuals={"A": {"g": [int(now * w / sum(shape)) for w in shape[:6]]}},
        history=history,
        budget={"A": 12 * MILL},
        history_budgets=budgets,
    )
    weights = dict(cp.details["A"].weights)
    assert weights[c.COMP_PROFILE] > 0.9
    assert cp.projection.unit("A").point == pytest.approx(now, rel=0.01)


def test_holiday_pay_in_june_is_expected_and_not_read_as_overspending():
    shape = [1, 1, 1, 1, 1, 1.6, 0.5, 1, 1, 1, 1, 1]
    history, budgets = _unit(12 * MILL, shape, range(2019, 2024), noise=0.02)
    ytd = [int(12 * MILL * w / sum(shape)) for w in shape[:6]]
    cp = c.combined_compute(
        period=Period(2024, 6),
        actuals={"A": {"g": ytd}},
        history=history,
        budget={"A": 12 * MILL},
        history_budgets=budgets,
    )
    point = cp.projection.unit("A").point
    assert point == pytest.approx(12 * MILL, rel=0.01)
    assert run_rate(sum(ytd), 6) > 12.4 * MILL  # the run-rate reads June's holiday pay as a new level


def test_annual_payments_in_january_are_recognised_as_lumpy_and_carried_once():
    shape = [6.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.5, 0.5, 0.5, 0.5, 0.6]
    history, budgets = _unit(12 * MILL, shape, range(2019, 2024), noise=0.02)
    # this year's licence bill is 1 mill. kr dearer; the rest of the year as usual
    ytd = [int(12 * MILL * shape[0] / sum(shape)) + MILL, int(12 * MILL * shape[1] / sum(shape))]
    cp = c.combined_compute(
        period=Period(2024, 2),
        actuals={"A": {"g": ytd}},
        history=history,
        budget={"A": 12 * MILL},
        history_budgets=budgets,
    )
    unit = cp.projection.unit("A")
    assert unit.groups[0].share is None  # lumpy: ytd + the usual rest, not ytd / share
    profile = dict(cp.details["A"].components)[c.COMP_PROFILE]
    assert profile == pytest.approx(13 * MILL, rel=0.02)  # the extra million once, not ×1/0,6


def test_a_grant_paid_in_december_is_expected_all_year():
    history, budgets = _unit(-5 * MILL, [0] * 11 + [1], range(2019, 2024), noise=0.03)
    cp = c.combined_compute(
        period=Period(2024, 9),
        actuals={"A": {"g": [0] * 9}},
        history=history,
        budget={"A": -5 * MILL},
        history_budgets=budgets,
    )
    assert cp.projection.unit("A").point == pytest.approx(-5 * MILL, rel=0.05)


def test_a_unit_reorganised_mid_history_follows_its_new_level():
    history, budgets = generate(units=12, years=6)
    bt_years = sorted(history)
    last = bt_years[-1]
    past = {y: history[y] for y in bt_years[:-1]}
    unit = history[last][REORGANISED]
    actuals = {REORGANISED: {g: v[:8] for g, v in unit.items()}}
    cp = c.combined_compute(
        period=Period(last, 8),
        actuals=actuals,
        history=past,
        budget={REORGANISED: budgets[last][REORGANISED]},
        history_budgets=budgets,
        units=[REORGANISED],
    )
    final = sum(sum(v) for v in unit.values())
    assert abs(cp.projection.unit(REORGANISED).point - final) < 0.03 * abs(final)


def test_a_booking_far_beyond_the_usual_is_carried_once_not_multiplied():
    # «Fellesområder»: four times the usual quarter booked by March. ytd/p(3) would give 4 × the year.
    shape = [1] * 12
    history, budgets = _unit(12 * MILL, shape, range(2019, 2024), noise=0.01)
    ytd = [4 * MILL, 4 * MILL, 4 * MILL]
    cp = c.combined_compute(
        period=Period(2024, 3),
        actuals={"A": {"g": ytd}},
        history=history,
        budget={"A": 12 * MILL},
        history_budgets=budgets,
    )
    profile = dict(cp.details["A"].components)[c.COMP_PROFILE]
    assert profile == pytest.approx(21 * MILL, rel=0.02)  # 12 booked + the usual 9 still to come, not 48
    assert cp.projection.unit("A").point < 25 * MILL


def test_the_point_is_exact_whole_ore_and_the_95_interval_holds_the_80():
    history, budgets = generate(units=10, years=5)
    last = max(history)
    actuals = {u: {g: v[:4] for g, v in gs.items()} for u, gs in history[last].items()}
    cp = c.combined_compute(
        period=Period(last, 4),
        actuals=actuals,
        history={y: history[y] for y in history if y < last},
        budget=budgets[last],
        history_budgets=budgets,
    )
    assert cp.calibration and set(cp.calibration) == {80, 95}
    for u in cp.projection.units:
        d = cp.details[u.unit]
        assert isinstance(u.point, int)
        assert d.low95 <= u.low <= u.point <= u.high <= d.high95
    assert cp.projection.point == sum(u.point for u in cp.projection.units)


def test_flags_need_a_material_difference_and_are_ranked_by_size_with_a_reason_per_unit():
    history, budgets = generate(units=20, years=5)
    last = max(history)
    actuals = {u: {g: v[:4] for g, v in gs.items()} for u, gs in history[last].items()}
    cp = c.combined_compute(
        period=Period(last, 4),
        actuals=actuals,
        history={y: history[y] for y in history if y < last},
        budget=budgets[last],
        history_budgets=budgets,
    )
    forecasts = {}
    for i, u in enumerate(cp.projection.units):
        d = cp.details[u.unit]
        if i == 0:  # outside the interval, by far more than the materiality limit
            forecasts[u.unit] = d.high95 + 5 * MILL
        elif i == 1:  # outside by more, larger still
            forecasts[u.unit] = d.low95 - 9 * MILL
        elif i == 2:  # outside the interval but by less than 0,5 mill. kr: not material
            forecasts[u.unit] = (
                d.high95 + 1 if d.high95 - u.point < c.Materiality().limit(budgets[last][u.unit]) else u.point
            )
        else:
            forecasts[u.unit] = u.point
    flags = c.flags_material(cp, forecasts=forecasts, budget=budgets[last], names={}, history=history)
    units = [u.unit for u in cp.projection.units]
    assert [f.unit for f in flags] == [units[1], units[0]]
    assert all(f.driver for f in flags)
    assert flags[0].reason != flags[1].reason
    assert c.Materiality().limit(100 * MILL) == MILL and c.Materiality().limit(10 * MILL) == 50_000_000


def test_a_periodised_budget_sums_to_the_annual_budget_and_follows_earlier_years():
    from tertial.core import periodised as pb

    holiday = [100, 100, 100, 100, 100, 160, 50, 100, 100, 100, 100, 100]
    got = pb.derived(1_210_000_01, [holiday, holiday])
    assert got.source == pb.PROFILE_DERIVED and sum(got.months) == 1_210_000_01
    assert got.months[5] > got.months[0] > got.months[6]
    # a net-budget unit (income nearly cancels costs) and no history both fall back to twelfths
    assert pb.derived(12_00, [[100] * 6 + [-95] * 6]).source == pb.PROFILE_EVEN
    assert pb.derived(12_00, []).months == (1_00,) * 12
    lines = [pb.BudgetProfileLine("A", m, 10_00 if m != 6 else 20_00) for m in range(1, 13)]
    imported = pb.monthly_budgets(budget={"A": 260_00, "B": -12_00}, profile_lines=lines)
    assert imported["A"].source == pb.PROFILE_IMPORTED and imported["A"].months[5] == 40_00
    assert imported["B"].months == (-1_00,) * 12 and sum(pb.spread(-7, [1, 1, 1])) == -7
