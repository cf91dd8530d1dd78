from decimal import Decimal

from tertial.core.checks import FigureRow, check_figures, figure_rows, status_check
from tertial.core.org import Sector, Unit, organisation_build
from tertial.core.periods import Period
from tertial.core.status import RowKind, status_compute


def row(label, kind, group, actual, budget, forecast, deviation, pct):
    return FigureRow(label, kind, group, actual, budget, forecast, deviation, None if pct is None else Decimal(pct))


def test_a_computed_table_has_no_mismatches():
    org = organisation_build(2024, [Sector("S", "S", 0)], [Unit("1", "A", "S", 0), Unit("2", "B", "S", 1)])
    t = status_compute(
        org, Period(2024, 3), actual={"1": 123_456, "2": 789}, budget={"1": 1_000_000, "2": -5_000},
        forecast={"1": 1_100_000}, total_name="T",
    )  # fmt: skip
    assert status_check(t) == []


def test_exact_check_flags_a_subtotal_off_by_one_ore():
    org = organisation_build(2024, [Sector("S", "S", 0)], [Unit("1", "A", "S", 0)])
    t = status_compute(
        org, Period(2024, 3), actual={"1": 100_000}, budget={"1": 2_000_000}, forecast={}, total_name="T"
    )
    rows = figure_rows(t)
    sector = rows[1]
    rows[1] = FigureRow(**{**sector.__dict__, "actual": sector.actual + 1})
    found = check_figures(rows, rounded=False)
    assert [(m.row, m.column) for m in found] == [("S", "actual")]


def test_rounded_check_accepts_rounding_differences_the_seed_has():
    # Oppvekst og utdanning prints 170 061 while its printed unit rows sum to 170 060.
    rows = [
        row("a", RowKind.UNIT, "S", 85_030, 100_000, 100_000, 0, "85.0"),
        row("b", RowKind.UNIT, "S", 85_030, 100_000, 100_000, 0, "85.0"),
        row("Totalt S", RowKind.SECTOR, "S", 85_030 * 2 + 1, 200_000, 200_000, 0, "85.0"),
        row("Totalt", RowKind.TOTAL, None, 85_030 * 2 + 1, 200_000, 200_000, 0, "85.0"),
    ]
    assert check_figures(rows, rounded=True) == []


def test_rounded_check_flags_prognose_printed_as_budget_on_a_subtotal():
    rows = [
        row("137 Barnehage felles", RowKind.UNIT, "O", 54_553, 215_514, 220_514, -5_000, "25.3"),
        row("Totalt O", RowKind.SECTOR, "O", 54_553, 215_514, 215_514, -5_000, "25.3"),
        row("Totalt", RowKind.TOTAL, None, 54_553, 215_514, 220_514, -5_000, "25.3"),
    ]
    found = {(m.row, m.column) for m in check_figures(rows, rounded=True)}
    assert found == {("Totalt O", "forecast"), ("Totalt O", "deviation")}


def test_rounded_check_accepts_a_percentage_only_the_unrounded_values_give():
    # Ekne barneskole: 1 916 / 6 759 = 28,35 % from the rounded figures, printed 28,4 %.
    rows = [row("250 Ekne", RowKind.UNIT, "S", 1_916, 6_759, 6_909, -150, "28.4")]
    assert check_figures(rows, rounded=True) == []


def test_rounded_check_flags_an_impossible_percentage():
    rows = [row("x", RowKind.UNIT, "S", 1_916, 6_759, 6_759, 0, "28.6")]
    found = check_figures(rows, rounded=True)
    assert [(m.column, m.expected) for m in found] == [("usage_percent", Decimal("28.3"))]


def test_rounded_check_flags_a_missing_percentage_for_a_nonzero_budget():
    rows = [row("x", RowKind.UNIT, "S", 10, 100, 100, 0, None)]
    assert [m.column for m in check_figures(rows, rounded=True)] == ["usage_percent"]
