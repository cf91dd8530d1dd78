from tertial.core.comments import Measure, SectorComment, UnitComment
from tertial.core.document import Amount, CentralItemsBlock, CheckWarning, CommentsBlock, ItemList, Paragraph
from tertial.core.org import Sector, Unit, organisation_build
from tertial.core.periods import Period
from tertial.core.report import status_report_build, status_report_title
from tertial.core.status import CentralItem, status_compute

M = 1_000_000 * 100


def build(central=(), units=None, sectors=None, mismatches=()):
    org = organisation_build(
        2024, [Sector("O", "Oppvekst", 0), Sector("K", "Kommunesamarbeid", 1)],
        [Unit("235", "Nesheim skole", "O", 0), Unit("120", "Kommuneadvokat", "K", 1)],
    )  # fmt: skip
    table = status_compute(
        org, Period(2024, 3), actual={}, budget={"235": 33 * M}, forecast={"235": 33 * M + 62_700_000_00},
        total_name="Totalt",
    )  # fmt: skip
    return status_report_build(
        municipality="Testvik kommune", org=org, table=table, central=list(central),
        unit_comments=units or {}, sector_comments=sectors or {}, signature=None, mismatches=mismatches,
    )  # fmt: skip


def text(p: Paragraph) -> str:
    return "".join(r if isinstance(r, str) else f"<{r.ore}>" for r in p.runs)


def test_title_follows_the_source_report():
    assert status_report_title(Period(2024, 3)) == "Status regnskap pr. 31.03.24"


def test_summary_states_overspend_central_items_and_net_result():
    central = [
        CentralItem("rammetilskudd", "Økt rammetilskudd", 3 * M),
        CentralItem("renter", "Renteinntekter", 17 * M),
    ]
    doc = build(central)
    summary = text(doc.blocks[0])
    assert "Enhetene rapporterer samlet et merforbruk på <-6270000000> kroner" in summary
    assert "som bedrer resultatet med <2000000000> kroner" in summary
    assert "prognosen pr. 31.03.2024 er et merforbruk på <-4270000000> kroner" in summary
    items = next(b for b in doc.blocks if isinstance(b, ItemList))
    assert [i[0] for i in items.items] == ["Økt rammetilskudd", "Renteinntekter"]
    assert isinstance(items.items[0][2], Amount) and items.items[0][2].ore == 3 * M
    assert next(b for b in doc.blocks if isinstance(b, CentralItemsBlock)).net.net == -4270000000


def test_central_items_without_deviation_are_named_in_one_sentence():
    doc = build([CentralItem("skatt", "Skatteinntekter", 0), CentralItem("avdrag", "Avdrag", 0)])
    assert any(
        "Det er ikke meldt avvik for skatteinntekter og avdrag" in text(b)
        for b in doc.blocks
        if isinstance(b, Paragraph)
    )


def test_sections_without_data_are_left_out():
    doc = build()
    kinds = {type(b) for b in doc.blocks}
    assert CommentsBlock not in kinds and CentralItemsBlock not in kinds and CheckWarning not in kinds


def test_comments_are_grouped_by_sector_in_organisation_order():
    doc = build(
        units={"235": UnitComment("235", cause="Elever", measures=(Measure("Færre vikarer", 125_000_00),))},
        sectors={"K": SectorComment("K", "Ingen avvik.")},
    )
    block = next(b for b in doc.blocks if isinstance(b, CommentsBlock))
    assert [(s.name, [u.code for u in s.units]) for s in block.sectors] == [
        ("Oppvekst", ["235"]),
        ("Kommunesamarbeid", []),
    ]
    assert block.sectors[1].comment.text == "Ingen avvik."


def test_decisions_section_lists_overdue_and_closed_points_and_is_left_out_when_empty():
    from datetime import date

    from tertial.core.decisions import DecisionReportItem, PointStatus
    from tertial.core.document import Heading
    from tertial.core.report import decisions_blocks

    assert decisions_blocks([], [], Period(2024, 3)) == []
    overdue = DecisionReportItem("FO 12/21", "Tomter", "Lag retningslinjer.", "kommunedirektøren", "Høsten 2021",
                                 PointStatus.IN_PROGRESS)  # fmt: skip
    closed = DecisionReportItem("FO 47/2020", "Mobbeombud", "x" * 400, "ordfører", "", PointStatus.COMPLETED,
                                date(2024, 3, 11))  # fmt: skip
    blocks = decisions_blocks([overdue], [closed], Period(2024, 3))
    assert blocks[0] == Heading("Politiske vedtak under oppfølging")
    lists = [b for b in blocks if isinstance(b, ItemList)]
    assert lists[0].items[0][0] == (
        "FO 12/21 Tomter: Lag retningslinjer. (ansvarlig: kommunedirektøren; forventet avsluttet: Høsten 2021; "
        "status: under arbeid)"
    )
    assert lists[1].items[0][0].endswith("x … (ansvarlig: ordfører; gjennomført 11.03.2024)")


def test_sick_leave_trend_chart_draws_sector_and_municipal_rows_and_needs_two_periods():
    from decimal import Decimal

    from tertial.core.document import Figure, FigureTable, FigureTableRow
    from tertial.core.report import sector_trend_chart

    def row(label, kind, *values):
        return FigureTableRow(label, tuple(Figure(None if v is None else Decimal(v)) for v in values), kind)

    table = FigureTable(
        "Sykefravær", "Enhet", ("Januar", "Februar"),
        (row("Skole", "unit", "6.8", "7.0"), row("Oppvekst", "sector", "10.9", "10.4"),
         row("Tomt område", "sector", None, None), row("Kommunen", "total", "10.2", "10.1")),
    )  # fmt: skip
    chart = sector_trend_chart(table)
    assert [(s.label, s.values, s.emphasis) for s in chart.series] == [
        ("Oppvekst", (Decimal("10.9"), Decimal("10.4")), False),
        ("Kommunen", (Decimal("10.2"), Decimal("10.1")), True),
    ]
    assert chart.description == ("Sykefravær, i prosent, for 1 tjenesteområder og kommunen samlet, januar–februar.",)
    one_month = FigureTable("Sykefravær", "Enhet", ("Januar",), (row("Oppvekst", "sector", "10.9"),))
    assert sector_trend_chart(one_month) is None


def test_a_sectors_sick_leave_trend_is_one_line_per_year_with_this_year_heaviest():
    from decimal import Decimal

    from tertial.core.document import Percent
    from tertial.core.report import year_trend_chart
    from tertial.core.sickleave import Trend

    trend = Trend(
        key="OPPV",
        label="Oppvekst",
        years=(2023, 2024),
        months=(1, 2),
        values=((Decimal("9.5"), None), (Decimal("10.9"), Decimal("10.4"))),
    )
    chart = year_trend_chart(trend)
    assert chart.title == "Sykefravær Oppvekst per måned"
    assert chart.labels == ("jan", "feb")
    assert [(s.label, s.emphasis) for s in chart.series] == [("2023", False), ("2024", True)]
    assert chart.description == (
        "2023: ", "januar ", Percent(Decimal("9.5"), 2),
        "; 2024: ", "januar ", Percent(Decimal("10.9"), 2), ", februar ", Percent(Decimal("10.4"), 2),
    )  # fmt: skip
    empty = Trend(key="X", label="X", years=(2024,), months=(1,), values=((None,),))
    assert year_trend_chart(empty) is None
