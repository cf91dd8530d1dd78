from datetime import date
from decimal import Decimal

import pytest

from tertial.core import appropriation as ap
from tertial.core.checks import SignedRow, signed_overview_check
from tertial.core.document import FigureKind, FigureTable, Heading, Paragraph, SignConvention
from tertial.core.org import Sector, Unit, organisation_build
from tertial.core.periods import Period
from tertial.core.status import CentralItem, status_compute

K = 1000 * 100  # one thousand kroner in øre
M = 1000 * K  # one million kroner in øre


@pytest.fixture
def org():
    return organisation_build(
        2024,
        [Sector("F", "Fellesområder", 0), Sector("O", "Oppvekst og utdanning", 1)],
        [
            Unit("130", "Fellesområder", "F", 0),
            Unit("137", "Barnehage felles", "O", 1),
            Unit("235", "Nesheim skole", "O", 2),
        ],
    )


@pytest.fixture
def table(org):
    # 137 overspends by 1 234 567,89 kr; 235 has not reported (forecast = budget)
    return status_compute(
        org,
        Period(2024, 4),
        actual={"130": 5_000_001, "137": 70_000_002, "235": 11_000_003},
        budget={"130": 17_533_000_00, "137": 215_514_000_00, "235": 33_390_000_00},
        forecast={"130": 17_533_000_00, "137": 215_514_000_00 + 1_234_567_89},
        total_name="Totalt",
    )


# A balanced budget: the general lines fund the units' 266 437 000 kr exactly.
BUDGET = {
    "rammetilskudd": -150 * M,
    "skatt": -125 * M,
    "avskrivninger": 10 * M,
    "renteutgifter": 4 * M,
    "motpost_avskrivninger": -10 * M,
    "avsetning_disposisjonsfond": 4_563 * K,
}
ACTUAL = {"rammetilskudd": -50 * M, "skatt": -36 * M, "renteutgifter": 1 * M}


def build(table, central, areas):
    return ap.overview_build(ap.areas_aggregate(table, areas), actual=ACTUAL, budget=BUDGET, central=central)


@pytest.fixture
def sectors(org):
    return ap.areas_from_sectors(org)


def test_areas_from_sectors_are_one_area_per_sector_with_its_units(org):
    assert ap.areas_from_sectors(org) == (
        ap.Area("Fellesområder", 0, ("130",)),
        ap.Area("Oppvekst og utdanning", 1, ("137", "235")),
    )


def test_area_rows_are_exact_sums_of_their_units(table):
    areas = (ap.Area("Skole og felles", 0, ("130", "235")), ap.Area("Barnehage", 1, ("137",)))
    at = ap.areas_aggregate(table, areas)
    assert [(r.name, r.actual, r.budget, r.deviation) for r in at.rows] == [
        ("Skole og felles", 16_000_004, 50_923_000_00, 0),
        ("Barnehage", 70_000_002, 215_514_000_00, -1_234_567_89),
    ]
    assert (at.total.actual, at.total.budget, at.total.forecast) == (
        table.total.actual,
        table.total.budget,
        table.total.forecast,
    )
    assert at.rows[1].usage_percent == Decimal(70_000_002) * 100 / Decimal(215_514_000_00)
    assert at.unmapped == ()


def test_a_unit_in_no_area_is_listed_and_left_out_of_the_area_total(table):
    at = ap.areas_aggregate(table, (ap.Area("Felles", 0, ("130", "137")),))
    assert [u.code for u in at.unmapped] == ["235"]
    assert at.total.budget == table.total.budget - 33_390_000_00


def test_rows_follow_the_order_of_paragraph_5_4(table, sectors):
    ov = build(table, [], sectors)
    assert [r.label for r in ov.rows] == [
        "Rammetilskudd",
        "Inntekts- og formuesskatt",
        "Eiendomsskatt",
        "Andre generelle driftsinntekter",
        "Sum generelle driftsinntekter",
        "Fellesområder",
        "Oppvekst og utdanning",
        "Korrigert sum bevilgninger drift, netto",
        "Avskrivninger",
        "Sum netto driftsutgifter",
        "Brutto driftsresultat",
        "Renteinntekter",
        "Utbytter",
        "Gevinster og tap på finansielle omløpsmidler",
        "Renteutgifter",
        "Avdrag på lån",
        "Netto finansutgifter",
        "Motpost avskrivninger",
        "Netto driftsresultat",
        "Overføring til investering",
        "Avsetninger til bundne driftsfond",
        "Bruk av bundne driftsfond",
        "Avsetninger til disposisjonsfond",
        "Bruk av disposisjonsfond",
        "Dekning av tidligere års merforbruk",
        "Sum disponeringer eller dekning av netto driftsresultat",
        "Fremført til inndekning i senere år (merforbruk)",
    ]


def test_subtotals_are_sums_of_unrounded_ore_and_a_balanced_budget_carries_nothing_forward(table, sectors):
    ov = build(table, [], sectors)
    assert ov.row(ap.SUM_GENERAL_INCOME).budget == -275 * M
    assert ov.row(ap.SUM_GENERAL_INCOME).actual == -86 * M
    assert ov.row(ap.SUM_AREAS).budget == 266_437_000_00
    assert ov.row(ap.SUM_NET_OPERATING).budget == 266_437_000_00 + 10 * M
    assert ov.row(ap.GROSS_RESULT).budget == 1_437_000_00
    assert ov.row(ap.NET_RESULT).budget == -4_563_000_00  # a surplus in the net-expenditure sign
    assert ov.result.budget == 0
    assert ap.overview_check(ov, table, []) == []


def test_a_central_item_moves_the_forecast_of_its_line(table, sectors):
    central = [CentralItem("rammetilskudd", "Økt rammetilskudd", 3 * M, line="rammetilskudd")]
    ov = build(table, central, sectors)
    line = ov.row("rammetilskudd")
    assert (line.budget, line.forecast, line.deviation) == (-150 * M, -153 * M, 3 * M)
    # the units' −1 234 567,89 and the central item's +3 000 000 kr
    assert ov.result.deviation == 3 * M - 1_234_567_89
    assert ov.result.forecast == -(3 * M - 1_234_567_89)
    assert ap.overview_check(ov, table, central) == []


def test_a_central_item_without_a_line_is_a_mismatch_that_names_it(table, sectors):
    central = [
        CentralItem("rammetilskudd", "Økt rammetilskudd", 3 * M, line="rammetilskudd"),
        CentralItem("renter", "Renteinntekter", 2 * M, line=""),
    ]
    ov = build(table, central, sectors)
    found = ap.overview_check(ov, table, central)
    assert [(m.row, m.column) for m in found] == [
        ("Sentral post «Renteinntekter»", "linje"),
        ("Fremført til inndekning i senere år (merforbruk)", "deviation"),
    ]
    assert found[1].shown == 3 * M - 1_234_567_89
    assert found[1].expected == 5 * M - 1_234_567_89
    assert [c.text for c in ov.unplaced] == ["Renteinntekter"]


def test_areas_that_do_not_add_up_to_the_unit_table_are_a_mismatch(table, sectors):
    ov = build(table, [], (ap.Area("Felles", 0, ("130", "137")),))
    found = ap.overview_check(ov, table, [])
    assert ("235 Nesheim skole", "rammeområde") in [(m.row, m.column) for m in found]
    budget = next(m for m in found if m.column == "budget" and m.row.startswith("Korrigert"))
    assert (budget.shown, budget.expected) == (233_047_000_00, 266_437_000_00)


def test_revised_budget_of_a_line_includes_changes_adopted_by_the_period_end():
    changes = [
        ap.LineChange(date(2024, 4, 30), "rammetilskudd", -2 * M),
        ap.LineChange(date(2024, 5, 1), "rammetilskudd", -7 * M),
        ap.LineChange(date(2024, 3, 1), "skatt", -1 * M),
    ]
    revised = ap.line_budgets_revised({"rammetilskudd": -150 * M}, changes, date(2024, 4, 30))
    assert revised == {"rammetilskudd": -152 * M, "skatt": -1 * M}


def test_central_categories_have_default_lines_except_interest():
    assert ap.default_line("Tilskudd") == "andre_generelle"
    assert ap.default_line("avdrag") == "avdrag"
    assert ap.default_line("renter") is None
    assert set(ap.DEFAULT_LINE_BY_CATEGORY.values()) <= ap.GENERAL_LINE_KEYS


def test_report_blocks_are_the_heading_the_result_in_words_and_two_tables_in_thousands(table, sectors):
    central = [CentralItem("rammetilskudd", "Økt rammetilskudd", 3 * M, line="rammetilskudd")]
    at = ap.areas_aggregate(table, sectors, from_sectors=True)
    ov = ap.overview_build(at, actual=ACTUAL, budget=BUDGET, central=central)
    heading, summary, areas, lines = ap.overview_blocks(ov)
    assert heading == Heading("Bevilgningsoversikt drift")
    assert isinstance(summary, Paragraph)
    text = "".join(r if isinstance(r, str) else "<beløp>" for r in summary.runs)
    assert "Samlet avvik er et mindreforbruk på <beløp> kroner" in text
    assert text.endswith("Rammeområdene er tjenesteområdene.")
    assert isinstance(areas, FigureTable) and isinstance(lines, FigureTable)
    assert areas.caption == ("Rammeområdenes netto driftsramme pr. 30.04.2024, regnskap og prognose (tall i 1000 kr)")
    oppvekst = areas.rows[1]
    assert oppvekst.label == "Oppvekst og utdanning"
    assert oppvekst.cells[1].value == Decimal(248_904_000_00) / 100_000
    assert oppvekst.cells[2].kind is FigureKind.PERCENT
    assert oppvekst.cells[4].value == Decimal(-1_234_567_89) / 100_000
    assert [r.kind for r in areas.rows] == ["unit", "unit", "total"]
    assert lines.rows[-1].label == "Fremført til inndekning i senere år (merforbruk)"
    assert lines.rows[-1].kind == "total"
    assert any("Inntekter og et overskudd vises som positive tall" in n for n in lines.notes)
    assert not any("Tertial" in n for n in lines.notes)


def _printed(lines: FigureTable, label: str) -> tuple[Decimal | None, ...]:
    return next(tuple(c.value for c in r.cells) for r in lines.rows if r.label == label)


def test_the_overview_prints_income_and_a_surplus_positive_by_default_and_the_ledger_sign_on_request(table, sectors):
    central = [CentralItem("rammetilskudd", "Økt rammetilskudd", 3 * M, line="rammetilskudd")]
    ov = build(table, central, sectors)
    result = ap.overview_figure_table(ov)
    ledger = ap.overview_figure_table(ov, SignConvention.EXPENDITURE)
    # budget 4 563 000 kr surplus: +4 563 (1000 kr) in the result sign, −4 563 in the ledger's
    assert _printed(result, "Netto driftsresultat")[1] == Decimal(4_563_000_00) / 100_000
    assert _printed(ledger, "Netto driftsresultat")[1] == Decimal(-4_563_000_00) / 100_000
    assert _printed(result, "Rammetilskudd")[1] == -_printed(ledger, "Rammetilskudd")[1] > 0
    # the deviation keeps its meaning: +3 mill. more rammetilskudd improves the result in both
    assert _printed(result, "Rammetilskudd")[3] == _printed(ledger, "Rammetilskudd")[3] == Decimal(3_000)
    assert ap.signed_check(ov, SignConvention.RESULT) == []
    assert ap.signed_check(ov, SignConvention.EXPENDITURE) == []
    assert "overskudd er negativt" in ledger.notes[0] and "overskudd vises som positive" in result.notes[0]


def test_the_printed_overview_check_rederives_sums_and_deviations_in_the_printed_convention():
    rows = [
        SignedRow("a", "Rammetilskudd", 10, 100, 103, 3),
        SignedRow("b", "Skatt", 5, 50, 49, -1),
        SignedRow("s", "Sum generelle driftsinntekter", 15, 150, 152, 2, parts=("a", "b")),
    ]
    assert signed_overview_check(rows, income_positive=True) == []
    # read in the ledger convention, every deviation (budsjett − prognose) is off
    assert len(signed_overview_check(rows, income_positive=False)) == 3
    wrong = [*rows[:2], SignedRow("s", "Sum generelle driftsinntekter", 15, 151, 152, 1, parts=("a", "b"))]
    found = signed_overview_check(wrong, income_positive=True)
    assert [(m.column, m.shown, m.expected) for m in found] == [("budget", 151, 150), ("deviation", 1, 2)]
