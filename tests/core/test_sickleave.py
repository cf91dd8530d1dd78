from decimal import Decimal as D

from tertial.core.org import Organisation, Sector, Unit
from tertial.core.sickleave import (
    PERCENT_ONLY_NOTE,
    Days,
    Level,
    Record,
    RowKind,
    sick_leave_check,
    table_build,
    trend_build,
)

ORG = Organisation(
    2024,
    (Sector("OPPV", "Oppvekst", 0), Sector("HELSE", "Helse", 1)),
    (Unit("230", "Skole", "OPPV", 0), Unit("235", "Barnehage", "OPPV", 1), Unit("350", "Hjemmetjenester", "HELSE", 2)),
)


def unit(code, contracted, egen, kort, lang, month=1, year=2024):
    return Record(year, month, Level.UNIT, code, days=Days(D(contracted), D(egen), D(kort), D(lang)))


def given(level, key, pct, month=1, year=2024):
    return Record(year, month, level, key, given_percent=D(pct))


def row(table, kind, key):
    return next(r for r in table.rows if r.kind is kind and r.key == key)


def test_sector_total_is_weighted_by_contracted_days_not_the_average_of_unit_percentages():
    # Hand computation: 230 loses 20 of 100 days (20 %), 235 loses 45 of 900 (5 %).
    # Weighted: (20 + 45) / (100 + 900) = 6,5 %. The average of the percentages would be 12,5 %.
    records = [unit("230", 100, 5, 5, 10), unit("235", 900, 15, 10, 20), unit("350", 1000, 10, 20, 70)]
    table = table_build(ORG, records, year=2024, through_month=1)
    assert row(table, RowKind.SECTOR, "OPPV").cells[0].percent == D("6.5")
    assert row(table, RowKind.UNIT, "230").cells[0].percent == D(20)
    # Municipality: (20 + 45 + 100) / 2000 = 8,25 %
    assert row(table, RowKind.TOTAL, "").cells[0].percent == D("8.25")
    assert not table.percent_only


def test_short_term_percent_and_share_count_self_certified_and_short_doctor_certified_days():
    table = table_build(ORG, [unit("350", 1000, 10, 20, 70)], year=2024, through_month=1)
    cell = row(table, RowKind.UNIT, "350").cells[0]
    assert cell.short_term_percent == D(3)  # (10 + 20) / 1000
    assert cell.short_term_share == D(30)  # 30 of 100 lost days


def test_percent_only_figures_are_stored_as_given_and_never_recomputed():
    # The units average 15 %; the source's sector figure 11,11 % must stay, flagged as given.
    records = [
        given(Level.UNIT, "230", "10"),
        given(Level.UNIT, "235", "20"),
        given(Level.SECTOR, "OPPV", "11.11"),
        given(Level.MUNICIPALITY, "", "9.73"),
    ]
    table = table_build(ORG, records, year=2024, through_month=1)
    sector = row(table, RowKind.SECTOR, "OPPV").cells[0]
    assert (sector.percent, sector.given) == (D("11.11"), True)
    assert row(table, RowKind.TOTAL, "").cells[0].percent == D("9.73")
    assert table.percent_only and table.note == PERCENT_ONLY_NOTE
    assert sick_leave_check(ORG, records) == []


def test_a_percent_only_sector_without_a_source_total_is_left_empty_rather_than_averaged():
    table = table_build(
        ORG, [given(Level.UNIT, "230", "10"), given(Level.UNIT, "235", "20")], year=2024, through_month=1
    )
    assert row(table, RowKind.SECTOR, "OPPV").cells[0].percent is None
    assert row(table, RowKind.TOTAL, "").cells[0].percent is None


def test_checker_flags_a_source_sector_percent_that_differs_from_the_weighted_days():
    records = [unit("230", 100, 5, 5, 10), unit("235", 900, 15, 10, 20), given(Level.SECTOR, "OPPV", "12.5")]
    found = sick_leave_check(ORG, records)
    assert [(m.shown, m.expected) for m in found] == [(D("12.5"), D("6.50"))]


def test_trend_gives_the_same_months_of_the_two_previous_years():
    records = [unit("350", 100, 1, 1, 3, month=m, year=y) for y in (2022, 2023, 2024) for m in (1, 2)] + [
        unit("350", 100, 0, 0, 1, month=3, year=2023)
    ]
    trends = trend_build(ORG, records, year=2024, through_month=2)
    total = trends[0]
    assert total.years == (2022, 2023, 2024) and total.months == (1, 2)
    assert total.values == ((D(5), D(5)),) * 3
    assert [t.key for t in trends] == ["", "HELSE"]


# --- Privacy: small units are not shown to the council and the public (issue 10) ------------------


def test_person_years_are_contracted_days_over_the_weekdays_of_the_month():
    from tertial.core.sickleave import person_years, working_days

    assert working_days(2024, 1) == 23  # January 2024: Monday 1st to Wednesday 31st
    assert working_days(2024, 2) == 21  # leap year February: Thursday 1st to Thursday 29th
    assert person_years(D(230), 2024, 1) == D(10)


def test_suppression_hides_units_below_the_threshold_and_keeps_the_weighted_sector_total():
    from tertial.core.sickleave import PRIVACY_NOTE, PrivacyRule, table_suppress

    # 230: 100 days in January = 4,35 person-years (hidden); 235: 900 days = 39,1; 350: 1000 days = 43,5.
    records = [unit("230", 100, 5, 5, 10), unit("235", 900, 15, 10, 20), unit("350", 1000, 10, 20, 70)]
    full = table_build(ORG, records, year=2024, through_month=1)
    shown = table_suppress(full, records, PrivacyRule(D(10), 5))
    assert [r.key for r in shown.rows] == ["OPPV", "235", "HELSE", "350", ""]
    assert row(shown, RowKind.SECTOR, "OPPV").cells[0].percent == D("6.5")  # still (20 + 45) / (100 + 900)
    assert row(shown, RowKind.TOTAL, "").cells == row(full, RowKind.TOTAL, "").cells
    assert shown.hidden_small == ("230",) and shown.hidden_unknown == ()
    assert shown.notes[-1] == PRIVACY_NOTE.format(n="10")


def test_the_people_threshold_counts_through_person_years_and_the_higher_one_applies():
    from tertial.core.sickleave import PrivacyRule, table_suppress

    records = [unit("230", 230, 0, 0, 23), unit("235", 900, 15, 10, 20), unit("350", 1000, 10, 20, 70)]
    full = table_build(ORG, records, year=2024, through_month=1)
    assert "230" in [r.key for r in table_suppress(full, records, PrivacyRule(D(10), 5)).rows]  # exactly 10
    assert "230" not in [r.key for r in table_suppress(full, records, PrivacyRule(D(0), 11)).rows]
    assert "230" in [r.key for r in table_suppress(full, records, PrivacyRule(D(0), 0)).rows]


def test_a_unit_small_in_one_month_is_hidden_for_the_whole_table():
    from tertial.core.sickleave import PrivacyRule, table_suppress

    records = [unit("235", 900, 15, 10, 20), unit("235", 100, 1, 1, 1, month=2), unit("350", 1000, 10, 20, 70)]
    full = table_build(ORG, records, year=2024, through_month=2)
    shown = table_suppress(full, records, PrivacyRule())
    assert "235" not in [r.key for r in shown.rows if r.kind is RowKind.UNIT]


def test_a_small_sector_computed_from_days_is_hidden_but_stays_in_the_municipal_total():
    from tertial.core.sickleave import PRIVACY_NOTE_SECTORS, PrivacyRule, table_suppress

    records = [unit("230", 100, 5, 5, 10), unit("350", 1000, 10, 20, 70)]
    full = table_build(ORG, records, year=2024, through_month=1)
    shown = table_suppress(full, records, PrivacyRule())
    assert [r.key for r in shown.rows] == ["HELSE", "350", ""]
    assert shown.hidden_sectors == ("OPPV",)
    assert row(shown, RowKind.TOTAL, "").cells[0].percent == D(120) / D(11)  # (20 + 100) / 1100
    assert PRIVACY_NOTE_SECTORS.format(n="10") in shown.notes[-1]


def test_percent_only_units_have_no_size_and_are_hidden_but_the_given_sector_figure_is_shown():
    from tertial.core.sickleave import PRIVACY_NOTE_UNKNOWN, PrivacyRule, table_suppress

    records = [given(Level.UNIT, "230", "20,72".replace(",", ".")), given(Level.SECTOR, "OPPV", "10.44")]
    full = table_build(ORG, records, year=2024, through_month=1)
    shown = table_suppress(full, records, PrivacyRule())
    assert [(r.kind, r.key) for r in shown.rows] == [(RowKind.SECTOR, "OPPV"), (RowKind.TOTAL, "")]
    assert row(shown, RowKind.SECTOR, "OPPV").cells[0].percent == D("10.44")
    assert shown.hidden_unknown == ("230",) and PRIVACY_NOTE_UNKNOWN in shown.notes[-1]
