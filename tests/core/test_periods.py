from datetime import date

import pytest

from tertial.core.errors import DomainError, PeriodError
from tertial.core.periods import Period, month_checked, parse_period_key, tertial_months


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


@pytest.mark.parametrize("bad", [0, 13, -1, "13", "x", "", True])
def test_month_checked_refuses_anything_but_1_to_12_in_norwegian(bad):
    with pytest.raises(PeriodError, match="Perioden må være en måned fra 1 til 12"):
        month_checked(bad)
    with pytest.raises(DomainError):  # the CLI and the upload page report it as a domain error
        month_checked(bad)


def test_month_checked_accepts_months_as_numbers_or_text():
    assert [month_checked(m) for m in (1, 12, "3", " 7 ")] == [1, 12, 3, 7]
    with pytest.raises(ValueError, match="1 til 12"):  # Period uses the same check
        Period(2024, 13)


def test_periods_parse_reads_years_and_months_and_refuses_the_rest():
    from tertial.core.errors import PeriodError
    from tertial.core.periods import period_listed, periods_parse

    marked = periods_parse("2021, 2022;2024-04")
    assert marked == {(2021, None), (2022, None), (2024, 4)}
    assert period_listed(marked, 2021, 7) and period_listed(marked, 2024, 4)
    assert not period_listed(marked, 2024, 3)
    assert periods_parse("") == frozenset()
    with pytest.raises(PeriodError, match="«april» er ikke en periode"):
        periods_parse("2024, april")
    with pytest.raises(PeriodError, match="måned fra 1 til 12"):
        periods_parse("2024-13")
