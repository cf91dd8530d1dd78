from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tertial.core.money import in_units, kroner, ratio_percent, round_half_up


def test_kroner_converts_exactly_to_ore():
    assert kroner("12345678901234.57") == 1234567890123457
    assert kroner(Decimal("-0.01")) == -1
    assert kroner(417_411) == 41_741_100


def test_kroner_refuses_fractions_of_an_ore():
    with pytest.raises(ValueError, match="mer enn to desimaler"):
        kroner("1.005")


def test_rounding_is_half_away_from_zero():
    assert round_half_up(Decimal("2.5")) == 3
    assert round_half_up(Decimal("-2.5")) == -3
    assert round_half_up(Decimal("28.35"), 1) == Decimal("28.4")


def test_in_units_rounds_to_thousands_half_away_from_zero():
    assert in_units(50_050_000, 1000) == 501  # 500 500 kr
    assert in_units(-50_050_000, 1000) == -501
    assert in_units(49_999_999, 1000) == 500


def test_ratio_percent_of_zero_budget_is_none():
    assert ratio_percent(1_000, 0) is None


def test_ratio_percent_of_negative_budget_is_negative():
    # 630 Drift og anlegg: regnskap 1 299, budsjett −3 578 → −36,3 %
    assert round_half_up(ratio_percent(1_299_000, -3_578_000), 1) == Decimal("-36.3")


@given(st.lists(st.integers(min_value=-(10**13), max_value=10**13), min_size=1, max_size=40))
def test_sum_of_ore_then_rounded_differs_from_sum_of_rounded_by_at_most_half_per_row(values):
    exact = in_units(sum(values), 1000)
    rounded_sum = sum(in_units(v, 1000) for v in values)
    assert abs(exact - rounded_sum) <= (len(values) + 1) / 2


def test_ratio_percent_is_the_signed_ratio_so_two_negatives_give_a_positive_percentage():
    """The rule README and ratio_percent state: regnskap / budsjett as signed numbers."""
    assert round_half_up(ratio_percent(-40_000, -83_000), 1) == Decimal("48.2")  # income budget, income so far
    assert round_half_up(ratio_percent(40_000, -83_000), 1) == Decimal("-48.2")  # income budget, costs so far
    assert round_half_up(ratio_percent(-40_000, 83_000), 1) == Decimal("-48.2")  # cost budget, income so far
