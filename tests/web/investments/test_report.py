from decimal import Decimal

from django.test import override_settings

from tertial.core.document import Figure, FigureTable, ItemList, Paragraph
from tertial.core.investments import UNFINANCED_LABEL
from tertial.renderers.numbers import run_text
from tertial.web.investments.models import FinancingLine
from tertial.web.investments.report import report_part


def text(block) -> str:
    return "".join(run_text(r) for r in block.runs)


def test_the_demo_report_part_summarises_the_projects_and_passes_its_checks(levanger_investments):
    part = report_part(year=2024, month=4)
    assert part.mismatches == ()
    summary = next(b for b in part.blocks if isinstance(b, Paragraph))
    assert text(summary) == (
        "Investeringsbudsjettet for 2024 omfatter 10 prosjekter med et samlet budsjett på 153,0\xa0mill. kroner. "
        "Regnskapet pr. 30.04.2024 er 42,6\xa0mill. kroner, og prognosen for året er 158,0\xa0mill. kroner, "
        "et merforbruk på 5,0\xa0mill. kroner i forhold til budsjettet."
    )
    projects, areas, overview = [b for b in part.blocks if isinstance(b, FigureTable)]
    total = projects.rows[-1]
    assert total.label == "Sum" and total.kind == "total"
    assert total.cells == (
        Figure(Decimal("544500"), total.cells[0].kind),
        Figure.thousands(153_000_000_00),
        Figure.thousands(42_570_000_00),
        Figure.thousands(158_000_000_00),
        Figure.thousands(-5_000_000_00),
        Figure.thousands(553_500_000_00),
        Figure.thousands(-9_000_000_00),
    )
    assert [r.label for r in areas.rows] == [
        "Fellesområder",
        "Oppvekst og utdanning",
        "Helse og velferd",
        "Samfunnsutvikling",
        "Sum",
    ]
    assert overview.rows[-1].label == UNFINANCED_LABEL
    assert overview.rows[-1].cells[0] == Figure.thousands(0) and overview.rows[-1].cells[2] == Figure.thousands(0)


def test_the_significant_projects_are_listed_with_their_comments(levanger_investments):
    [listed] = [b for b in report_part(year=2024, month=4).blocks if isinstance(b, ItemList)]
    items = ["".join(run_text(r) for r in item) for item in listed.items]
    assert [i.split(":")[0] for i in items] == ["1101 Nesheim skole, utvidelse", "2102 Avløpsrenseanlegg Sørmarka"]
    assert "avvik mot vedtatt ramme −8,5\xa0mill. kr. Grunnforholdene krevde" in items[0]


@override_settings(
    TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_KR=3_000_000, TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_PERCENT=None
)
def test_the_threshold_comes_from_the_settings(levanger_investments):
    [listed] = [b for b in report_part(year=2024, month=4).blocks if isinstance(b, ItemList)]
    assert len(listed.items) == 1  # only 1101 (−7,0 mill.) is over 3 mill.


def test_an_unfinanced_forecast_makes_the_part_report_a_mismatch(levanger_investments):
    FinancingLine.objects.filter(line="bruk_av_lan").update(forecast=-112_000_000_00)
    [m] = report_part(year=2024, month=4).mismatches
    assert (m.row, m.column, m.shown, m.expected) == (UNFINANCED_LABEL, "forecast", 3_500_000_00, 0)


def test_a_year_without_projects_has_no_investment_part(levanger_investments):
    assert report_part(year=2025, month=4).blocks == ()


@override_settings(
    TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_KR="off", TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_PERCENT="7,0"
)
def test_a_rule_switched_off_in_the_settings_leaves_only_the_percentage_of_the_frame(levanger_investments):
    [listed] = [b for b in report_part(year=2024, month=4).blocks if isinstance(b, ItemList)]
    assert len(listed.items) == 1  # 1101: 8,5 mill. is 7,08 % of its frame of 120 mill.
    heading = [b for b in report_part(year=2024, month=4).blocks if isinstance(b, Paragraph)][1]
    assert text(heading) == "Prosjekter med avvik over 7\xa0% av vedtatt ramme:"


def test_the_tertial_report_carries_the_investments_section(levanger_investments):
    from tertial.core.document import Heading
    from tertial.web.reports.documents import tertial_report_document

    doc = tertial_report_document(year=2024, tertial=1, force=True)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "Investeringer" in headings and "Bevilgningsoversikt investering" in headings
    assert doc.title == "1. tertialrapport 2024"
