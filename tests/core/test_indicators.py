from decimal import Decimal as D

from tertial.core.indicators import Indicator, Measure, Value, change_percent, indicator_check, table_build


def nav_table(printed):
    return table_build(
        title="NAV",
        indicators=[Indicator("soknader", "Søknader sosialhjelp", Measure.COUNT)],
        periods=["2022", "2023"],
        values=[Value("soknader", "2022", D(1990)), Value("soknader", "2023", D(2667))],
        printed_changes={"soknader": D(printed)},
    )


def test_change_is_computed_from_the_first_to_the_last_period():
    assert round(change_percent(D(1990), D(2667)), 2) == D("34.02")
    assert change_percent(D(0), D(5)) is None


def test_nav_printed_change_of_25_percent_is_flagged_because_1990_to_2667_is_34_percent():
    table = nav_table("25")
    assert round(table.rows[0].change_percent) == 34
    [mismatch] = indicator_check(table)
    assert (mismatch.shown, mismatch.expected) == ("+25 %", "+34 %")
    assert "delt på siste verdi" in mismatch.rule  # 677 / 2 667 = 25 %


def test_a_printed_change_that_matches_the_computed_one_is_accepted():
    assert indicator_check(nav_table("34")) == []


def test_a_missing_value_gives_no_change():
    table = table_build(
        title="T",
        indicators=[Indicator("a", "A", Measure.COUNT)],
        periods=["2022", "2023"],
        values=[Value("a", "2023", D(3))],
    )
    assert table.rows[0].values == (None, D(3)) and table.rows[0].change_percent is None
