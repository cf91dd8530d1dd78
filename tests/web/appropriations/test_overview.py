"""The appropriation overview on the Levanger demo: it adds up to the status report's net result."""

from datetime import date

from tertial.core.appropriation import AREAS_ARE_SECTORS, SUM_AREAS
from tertial.core.document import FigureTable, Heading, Paragraph
from tertial.web.appropriations.models import Area, GeneralLineChange
from tertial.web.appropriations.report import report_part
from tertial.web.appropriations.selectors import appropriation_get, general_lines_get
from tertial.web.budget.models import BudgetChange, CentralItem
from tertial.web.demo import demo_dir
from tertial.web.imports import ImportRequest, import_file

MILL = 100_000_000  # one million kroner in øre
DEMO_LINES = demo_dir() / "general_lines_202404.csv"


def march_lines():
    """The demo's general lines placed in March too, so the overview can be read against the seed."""
    import_file("general-lines", ImportRequest(path=DEMO_LINES, year=2024, period=3))


def test_the_march_overview_adds_up_to_the_seeds_net_result_of_minus_42_7_million(levanger):
    march_lines()
    view = appropriation_get(year=2024, month=3)
    # units −62 700 000 kr, central items +20 000 000 kr (seed: «merforbruk på ca. 43 mill.»)
    assert view.overview.result.deviation == -4_270_000_000
    assert view.overview.row(SUM_AREAS).deviation == -6_270_000_000
    assert view.mismatches == ()
    assert view.overview.result.budget == 0  # the demo's general lines balance the unit budgets to the øre
    assert view.overview.row("andre_generelle").deviation == 15 * MILL
    assert view.overview.row("renteinntekter").forecast == -14_600_000_00 - 2 * MILL


def test_the_april_overview_adds_up_to_the_tertial_reports_net_result(levanger):
    view = appropriation_get(year=2024, month=4)
    # April (SYNTHETIC): units −63 100 000 kr, central items +20 000 000 kr
    assert view.overview.result.deviation == -4_310_000_000
    assert view.mismatches == ()
    areas = view.overview.areas
    assert [r.name for r in areas.rows] == [
        "Fellesområder",
        "Oppvekst og utdanning",
        "Helse og velferd",
        "Samfunnsutvikling",
        "Kommunesamarbeid",
    ]
    assert areas.total.budget == 139_606_144_700
    assert areas.from_sectors is False


def test_a_central_item_without_a_line_makes_a_mismatch_that_names_it(levanger):
    CentralItem.objects.filter(budget_year__year=2024, period=4, text="Renteinntekter").update(line="")
    view = appropriation_get(year=2024, month=4)
    assert [(m.row, m.column) for m in view.mismatches] == [
        ("Sentral post «Renteinntekter»", "linje"),
        ("Fremført til inndekning i senere år (merforbruk)", "deviation"),
    ]
    assert report_part(year=2024, month=4).mismatches == view.mismatches


def test_the_revised_budget_of_a_line_has_changes_adopted_by_the_period_end_only(levanger):
    before = BudgetChange.objects.create(
        budget_year_id=Area.objects.first().budget_year_id,
        number=91,
        adopted=date(2024, 4, 30),
        reference="PS 40/24",
        text="Økt rammetilskudd",
    )
    after = BudgetChange.objects.create(
        budget_year=before.budget_year, number=92, adopted=date(2024, 5, 1), reference="PS 41/24", text="Skatt"
    )
    GeneralLineChange.objects.create(change=before, line="rammetilskudd", amount=-3 * MILL)
    GeneralLineChange.objects.create(change=after, line="rammetilskudd", amount=-5 * MILL)
    _, revised = general_lines_get(2024, 4)
    assert revised["rammetilskudd"] == -806_412_000_00 - 3 * MILL


def test_the_report_part_has_the_heading_the_words_and_two_tables(levanger):
    part = report_part(year=2024, month=4)
    assert part.mismatches == ()
    heading, summary, areas, lines = part.blocks
    assert heading == Heading("Bevilgningsoversikt drift")
    assert isinstance(summary, Paragraph)
    assert isinstance(areas, FigureTable) and areas.caption.startswith(
        "Rammeområdenes netto driftsramme pr. 30.04.2024"
    )
    assert isinstance(lines, FigureTable) and len(lines.rows) == 17 + 5 + 8  # lines, areas, subtotals


def test_without_imported_areas_the_areas_are_the_sectors_and_the_report_says_so(levanger):
    Area.objects.all().delete()
    view = appropriation_get(year=2024, month=4)
    assert view.overview.areas.from_sectors is True
    assert view.mismatches == ()
    summary = report_part(year=2024, month=4).blocks[1]
    assert summary.runs[-1] == " " + AREAS_ARE_SECTORS


def test_the_part_is_left_out_when_the_period_has_no_general_lines(levanger):
    assert report_part(year=2024, month=3).blocks == ()
    assert report_part(year=2024, month=8).blocks == ()
