"""XLSX renderer (openpyxl): one sheet per table of the report, numbers as numbers.

Amounts are exact kroner (from øre, so sums in Excel are exact) with the number format `#,##0`:
in the file format the comma is the grouping *placeholder*, which Excel and LibreOffice show with
the reader's separator, a space in Norwegian ("1 396 061"). A literal `# ##0` would instead print
"1396 061" for millions. Percentages are fractions with the format `0.0 %` (29,9 %). Subtotal and
total rows are bold. The text of the report (summary, warning, signature) is on the first sheet.

Reads only core.document; no figure is computed here (øre → kroner and % → fraction are units).
"""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from tertial.core import document as d
from tertial.core.money import to_kroner
from tertial.core.status import RowKind

from . import numbers as nb
from .cells import neutralise_workbook
from .charts import description_text

AMOUNT = "#,##0;[Red]-#,##0"
PERCENT = "0.0 %"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
WARN = Font(bold=True, color="B00020")


def _fraction(pct: Decimal | None) -> Decimal | None:
    return None if pct is None else pct / 100


_FIGURE_FORMATS = {
    d.FigureKind.COUNT: "#,##0",
    d.FigureKind.KRONER: "#,##0",
    d.FigureKind.MILLION_KRONER: "#,##0.0",
    d.FigureKind.THOUSAND_KRONER: "#,##0",
    d.FigureKind.PERCENT: "0.0 %",
    d.FigureKind.PERCENT2: "0.00 %",
    d.FigureKind.CHANGE: "+0 %;-0 %;0 %",
}


def _figure_value(f: d.Figure) -> Decimal | None:
    """Percent kinds as fractions, so Excel's % format shows them as printed."""
    if f.value is None:
        return None
    if f.kind in (d.FigureKind.PERCENT, d.FigureKind.PERCENT2, d.FigureKind.CHANGE):
        return f.value / 100
    return f.value


class _Book:
    def __init__(self, report: d.Document) -> None:
        self.report = report
        self.wb = Workbook()
        self.front = self.wb.active
        self.front.title = "Rapport"
        self.front.column_dimensions["A"].width = 110
        self.warning = next((b for b in report.blocks if isinstance(b, d.CheckWarning)), None)
        self._line(report.title, TITLE)
        self._line(report.municipality)
        self._line(f"Per {nb.date_nb(report.period_end)}")
        self._line("")

    def _line(self, text: str, font: Font | None = None) -> None:
        self.front.append([text])
        cell = self.front.cell(row=self.front.max_row, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = font

    def _sheet_name(self, title: str) -> str:
        """Excel's rules: at most 31 characters, none of : \\ / ? * [ ], unique in the workbook
        (case-insensitive). A repeated title gets " (2)", " (3)" … within the 31 characters."""
        clean = "".join("-" if ch in ":\\/?*[]" else ch for ch in title).strip() or "Ark"
        taken = {name.lower() for name in self.wb.sheetnames}
        name, n = clean[:31], 1
        while name.lower() in taken:
            n += 1
            suffix = f" ({n})"
            name = clean[: 31 - len(suffix)].rstrip() + suffix
        return name

    def sheet(self, title: str, caption: str, header: list[str], widths: list[int]) -> Worksheet:
        """A table sheet: caption, the warning if the report was forced, then the header row."""
        ws = self.wb.create_sheet(self._sheet_name(title))
        ws.append([f"{caption} – {self.report.municipality}"])
        ws["A1"].font = BOLD
        if self.warning:
            ws.append([f"Advarsel: rapporten er laget selv om kontrollen fant {len(self.warning.mismatches)} avvik."])
            ws.cell(row=ws.max_row, column=1).font = WARN
        ws.append(header)
        for cell in ws[ws.max_row]:
            cell.font = BOLD
            cell.alignment = Alignment(
                wrap_text=True, vertical="bottom", horizontal="left" if cell.column == 1 else "right"
            )
        ws.freeze_panes = f"B{ws.max_row + 1}"  # a string: ws.cell() would create an empty row
        for n, w in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + n)].width = w
        return ws

    # --- blocks --------------------------------------------------------------------------------

    def text(self, block: d.Heading | d.Paragraph | d.ItemList | d.Signature | d.CheckWarning) -> None:
        match block:
            case d.Heading(text=text):
                self._line(text, BOLD)
            case d.Paragraph(runs=runs):
                self._line("".join(nb.run_text(r) for r in runs))
            case d.ItemList(items=items):
                for item in items:
                    self._line("• " + "".join(nb.run_text(r) for r in item))
            case d.Signature(name=name, title=title):
                self._line("")
                self._line(name)
                self._line(title)
            case d.CheckWarning(mismatches=mismatches):
                self._line(
                    f"Advarsel: rapporten er laget selv om kontrollen fant {len(mismatches)} avvik i tallene:", WARN
                )
                for m in mismatches:
                    self._line(f"• {m}", WARN)

    def status(self, block: d.StatusTableBlock) -> None:
        p = block.table.period
        ws = self.sheet(
            "Status",
            f"{block.caption} (kr)",
            [
                "Ansvar",
                f"Regnskap {p.month_name} {p.year}",
                f"Budsjett inkl. endring {p.year}",
                "Forbruk",
                "Prognose",
                "Avvik",
                "Prognose meldt",
            ],
            [44, 16, 16, 10, 16, 16, 10],
        )
        for r in block.table.rows:
            ws.append(
                [
                    r.label,
                    to_kroner(r.actual),
                    to_kroner(r.budget),
                    _fraction(r.usage_percent),
                    to_kroner(r.forecast),
                    to_kroner(r.deviation),
                    "ja" if r.forecast_reported else "nei",
                ]
            )
            row = ws[ws.max_row]
            for c in (1, 2, 4, 5):
                row[c].number_format = AMOUNT
            row[3].number_format = PERCENT
            if r.kind is not RowKind.UNIT:
                for cell in row:
                    cell.font = BOLD

    def central(self, block: d.CentralItemsBlock) -> None:
        ws = self.sheet(
            "Sentrale poster",
            "Sentrale poster, avvik (kr; positivt bedrer resultatet)",
            ["Post", "Kategori", "Avvik"],
            [60, 18, 16],
        )
        for c in block.items:
            ws.append([c.text, c.category, to_kroner(c.deviation)])
            ws.cell(row=ws.max_row, column=3).number_format = AMOUNT
        net = block.net
        for label, ore in (
            ("Avvik enhetene", net.unit_deviation),
            ("Avvik sentrale poster", net.central_deviation),
            ("Netto prognose (avvik)", net.net),
        ):
            ws.append([label, None, to_kroner(ore)])
            ws.cell(row=ws.max_row, column=3).number_format = AMOUNT
            for cell in ws[ws.max_row]:
                cell.font = BOLD

    def comments(self, block: d.CommentsBlock) -> None:
        ws = self.sheet(
            "Kommentarer",
            "Kommentarer per tjenesteområde og enhet",
            ["Tjenesteområde", "Ansvar", "Enhet", "Årsak og kommentar", "Tiltak", "Konsekvens"],
            [22, 8, 28, 70, 50, 40],
        )
        first = ws.max_row + 1
        tables: list[d.FigureTable] = []
        for s in block.sectors:
            if s.comment:
                ws.append([s.name, None, None, s.comment.text, None, None])
            for u in s.units:
                c = u.comment
                measures = "\n".join(
                    f"• {m.text}" + (f" ({', '.join(facts)})" if (facts := nb.measure_facts(m)) else "")
                    for m in c.measures
                )
                text = "\n\n".join(t for t in (c.cause, c.text) if t)
                ws.append([s.name, u.code, u.name, text, measures, c.consequence])
                tables.extend(u.tables)
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in ws.iter_rows(min_row=first):
            for cell in row:
                cell.alignment = wrap
        for t in tables:
            self.figure_table(t)

    def figure_table(self, block: d.FigureTable) -> None:
        """A content table on its own sheet; figures as numbers (percentages as fractions)."""
        ws = self.sheet(
            block.caption, block.caption, [block.label_header, *block.columns], [44] + [14] * len(block.columns)
        )
        for r in block.rows:
            ws.append([r.label, *(_figure_value(f) for f in r.cells)])
            for col, f in enumerate(r.cells, start=2):
                ws.cell(row=ws.max_row, column=col).number_format = _FIGURE_FORMATS[f.kind]
            if r.kind != "unit" and block.label_header:
                for cell in ws[ws.max_row]:
                    cell.font = BOLD
        ws.append([])
        for n in block.notes:
            ws.append([n])

    def chart(self, block: d.DeviationChart | d.MonthlyProfileChart) -> None:
        match block:
            case d.DeviationChart():
                ws = self.sheet("Avvik per enhet", f"{block.title} (kr)", ["Enhet", "Avvik"], [44, 16])
                for b in block.bars:
                    ws.append([b.label, to_kroner(b.value)])
                    ws.cell(row=ws.max_row, column=2).number_format = AMOUNT
            case d.MonthlyProfileChart():
                ws = self.sheet(
                    "Regnskap per måned",
                    f"{block.title} (kr)",
                    ["Måned", "Regnskap hittil i år", "Budsjettprofil hittil i år"],
                    [12, 22, 22],
                )
                for p in block.points:
                    ws.append([p.label, None if p.actual is None else to_kroner(p.actual), to_kroner(p.budget_profile)])
                    for c in (2, 3):
                        ws.cell(row=ws.max_row, column=c).number_format = AMOUNT
        ws.append([])
        ws.append([description_text(block.description)])
        if block.note:
            ws.append([block.note])


def render_xlsx(report: d.Document) -> bytes:
    book = _Book(report)
    for block in report.blocks:
        # The one place that maps each block type to the workbook.
        match block:
            case d.Heading() | d.Paragraph() | d.ItemList() | d.Signature() | d.CheckWarning():
                book.text(block)
            case d.StatusTableBlock():
                book.status(block)
            case d.CentralItemsBlock():
                book.central(block)
            case d.CommentsBlock():
                book.comments(block)
            case d.TrendChart() | d.WaterfallChart():
                pass  # its figures are the table it draws (sick leave, the bridge); a workbook holds figures
            case d.DeviationChart() | d.MonthlyProfileChart():
                book.chart(block)
            case d.FigureTable():
                book.figure_table(block)
            case _:
                raise TypeError(f"Ukjent blokk i rapporten: {type(block).__name__}")
    neutralise_workbook(book.wb)  # text from users (comments, names) never becomes a live formula
    buf = io.BytesIO()
    book.wb.save(buf)
    return buf.getvalue()
