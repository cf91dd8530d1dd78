from datetime import date

import pytest

from tertial.core.periods import Period, parse_period_key, tertial_months


def test_period_end_date_and_label():
    p = Period(2024, 3)
    assert p.end_date == date(2024, 3, 31)
    assert str(p) == "pr. 31.03.2024"
    assert p.month_name == "mars"
    assert list(p.months) == [1, 2, 3]


def test_february_of_a_leap_year_ends_on_the_29th():
    assert Period(2024, 2).end_date == date(2024, 2, 29)


def test_tertials_are_four_months():
    assert list(tertial_months(1)) == [1, 2, 3, 4]
    assert list(tertial_months(2)) == [5, 6, 7, 8]
    assert Period(2024, 4).tertial == 1 and Period(2024, 4).closes_tertial
    assert Period(2024, 5).tertial == 2 and not Period(2024, 5).closes_tertial


def test_period_key_round_trips():
    assert parse_period_key("202403") == Period(2024, 3)
    assert Period(2024, 3).key == 202403


@pytest.mark.parametrize("bad", ["2024-03", "202413", "20243", "abcdef"])
def test_bad_period_keys_are_refused(bad):
    with pytest.raises(ValueError):
        parse_period_key(bad)
