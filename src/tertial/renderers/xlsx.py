"""XLSX renderer (openpyxl): one sheet per table of the report, numbers as numbers.

Amounts are exact kroner (from øre, so sums in Excel are exact) with the number format `#,##0`:
in the file format the comma is the grouping *placeholder*, which Excel and LibreOffice show with
the reader's separator, a space in Norwegian ("1 396 061"). A literal `# ##0` would instead print
"1396 061" for millions. Where the report prints thousands, the cell still holds exact kroner and
the format `#,##0,` (a trailing comma divides the display by 1000) shows thousands; `#,##0.0,,`
shows millions. Percentages are fractions with the format `0.0 %` (29,9 %). Subtotal and total rows
are bold. The text of the report (summary, warning, signature) is on the first sheet.

Every table sheet (issue 18): a name chosen from the table's title that Excel accepts (≤ 31
characters, unique, shortened at a word boundary, never mid-word: `sheet_name`), a header that
states the unit of measure ("Beløp i 1000 kr"), the header row frozen and repeated on every printed
page, A4 fitted to the page width (landscape when the table is wide), and a running header/footer.

Reads only core.document; no figure is computed here (øre → kroner and % → fraction are units).
"""

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime, time
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from tertial.core import document as d
from tertial.core.money import to_kroner
from tertial.core.status import RowKind

from . import numbers as nb
from . import text as tx
from .cells import neutralise_workbook
from .charts import description_text
from .package import stable_zip
from .theme import theme_colour

AMOUNT = "#,##0;[Red]-#,##0"  # kroner
THOUSANDS = "#,##0,;[Red]-#,##0,"  # exact kroner shown in 1000 kr
MILLIONS = "#,##0.0,,;[Red]-#,##0.0,,"  # exact kroner shown in mill. kr
PERCENT = "0.0 %"
BOLD = Font(bold=True)
UNIT = Font(italic=True, color="4A4A4A")
WIDE = 100  # total column width (characters) above which a sheet is printed landscape
TITLE = Font(bold=True, size=13)
WARN = Font(bold=True, color="B00020")


def _fraction(pct: Decimal | None) -> Decimal | None:
    return None if pct is None else pct / 100


_FIGURE_FORMATS = {
    d.FigureKind.COUNT: "#,##0",
    d.FigureKind.KRONER: "#,##0",
    d.FigureKind.MILLION_KRONER: "#,##0.0",
    d.FigureKind.THOUSAND_KRONER: THOUSANDS,
    d.FigureKind.PERCENT: "0.0 %",
    d.FigureKind.PERCENT2: "0.00 %",
    d.FigureKind.CHANGE: "+0 %;-0 %;0 %",
}


def _figure_value(f: d.Figure) -> Decimal | None:
    """Percent kinds as fractions, so Excel's % format shows them as printed; thousands as the exact
    kroner they are (the value is exact thousands; the format shows 1000 kr)."""
    if f.value is None:
        return None
    if f.kind in (d.FigureKind.PERCENT, d.FigureKind.PERCENT2, d.FigureKind.CHANGE):
        return f.value / 100
    if f.kind is d.FigureKind.THOUSAND_KRONER:
        return f.value * 1000
    return f.value


_MONEY_UNITS = {
    d.FigureKind.KRONER: "kr",
    d.FigureKind.THOUSAND_KRONER: "1000 kr",
    d.FigureKind.MILLION_KRONER: "mill. kr",
}
_OTHER_UNITS = {
    d.FigureKind.PERCENT: "prosent",
    d.FigureKind.PERCENT2: "prosent",
    d.FigureKind.CHANGE: "endring i prosent",
    d.FigureKind.COUNT: "antall",
}


def units_line(kinds: Iterable[d.FigureKind]) -> str:
    """The unit of measure for a sheet's header: "Beløp i 1000 kr", "Beløp i 1000 kr; prosent"."""
    present = set(kinds)
    money = [u for k, u in _MONEY_UNITS.items() if k in present]
    other = list(dict.fromkeys(u for k, u in _OTHER_UNITS.items() if k in present))
    parts = ([f"beløp i {' og '.join(money)}"] if money else []) + other
    if d.FigureKind.THOUSAND_KRONER in present:
        parts.append("cellene har eksakte kroner")
    line = "; ".join(parts) or "tekst"
    return line[0].upper() + line[1:]


def _amount_format(unit_label: str) -> str:
    """The number format for exact kroner shown as the report shows them ("tall i 1000 kr")."""
    if "1000 kr" in unit_label:
        return THOUSANDS
    if "mill." in unit_label:
        return MILLIONS
    return AMOUNT


def _amount_unit(unit_label: str, *more: str) -> str:
    fmt = _amount_format(unit_label)
    unit = {THOUSANDS: "1000 kr", MILLIONS: "mill. kr"}.get(fmt, "kr")
    exact = () if fmt == AMOUNT else ("cellene har eksakte kroner",)
    return "; ".join((f"Beløp i {unit}", *more, *exact))


# --- Sheet names -------------------------------------------------------------------------------

MAX_SHEET_NAME = 31  # Excel's limit
_FORBIDDEN = re.compile(r"[:\\/?*\[\]]")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_DATE = re.compile(
    r"\s*\b(?:pr\.|per)\s+(?:\d{1,2}\.\d{1,2}\.\d{2,4}|(?:januar|februar|mars|april|mai|juni|juli|august|"
    r"september|oktober|november|desember)\s+\d{4})",
    re.IGNORECASE,
)
# Words a shortened name must not end on ("Nøkkeltall og grenser i" → "Nøkkeltall og grenser").
_DANGLING = {
    "i",
    "og",
    "eller",
    "for",
    "per",
    "pr.",
    "til",
    "fra",
    "med",
    "av",
    "på",
    "om",
    "over",
    "under",
    "utenfor",
    "innenfor",
    "mot",
    "etter",
    "det",
    "den",
    "de",
    "en",
    "et",
    "som",
    "ved",
    "uten",
    "–",
    "-",
    "&",
}


def _fits(text: str, limit: int) -> str:
    """The longest run of whole words from the start that fits, without a dangling last word."""
    words = text.split()
    out: list[str] = []
    for w in words:
        if len(" ".join([*out, w])) > limit:
            break
        out.append(w)
    while len(out) > 1 and (out[-1].lower() in _DANGLING or not any(ch.isalnum() for ch in out[-1])):
        out.pop()
    if not out:  # one word longer than the limit: cut it, and say so
        return words[0][: limit - 1] + "…" if words else ""
    return " ".join(out).rstrip(",;–-")


def _shorten(title: str, limit: int) -> str:
    """At most `limit` characters, by dropping what a sheet name can do without, in this order:
    remarks in parentheses (the unit is in the sheet's header), the date (the report's), the clauses
    after a comma or a dash, and finally the words that do not fit."""
    name = " ".join(_FORBIDDEN.sub(" ", title).split()).strip("' ")
    for pattern in (_PARENTHESES, _DATE):
        if len(name) <= limit:
            return name
        name = " ".join(pattern.sub("", name).split())
    if len(name) <= limit:
        return name
    for sep in (" – ", ", ", ": ", "; "):
        head = name.split(sep)[0]
        if head != name and len(head) <= limit:
            return head
    return _fits(name, limit)


def sheet_name(title: str, taken: Iterable[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of : \\ / ? * [ ], unique in the workbook,
    case-insensitively) that is made of whole words of the title; " (2)", " (3)" … on a collision."""
    used = {t.lower() for t in taken}
    base = _shorten(title, MAX_SHEET_NAME) or "Ark"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        suffix = f" ({n})"
        name = _fits(base, MAX_SHEET_NAME - len(suffix)) + suffix
    return name


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of "rrggbb"."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _header_style(theme: d.Theme) -> tuple[PatternFill | None, Font]:
    """The header row filled with the theme's colour, in white or black text, whichever contrasts
    more (WCAG); no fill without a theme colour."""
    colour = theme_colour(theme)
    if not colour:
        return None, BOLD
    rgb = colour[1:].upper()
    lum = _luminance(rgb)
    white = (1.05) / (lum + 0.05)
    black = (lum + 0.05) / 0.05
    return PatternFill("solid", start_color=rgb, end_color=rgb), Font(
        bold=True, color="FFFFFF" if white >= black else "000000"
    )


class _Book:
    def __init__(self, report: d.Document) -> None:
        self.report = report
        self.wb = Workbook()
        self.front = self.wb.active
        self.front.title = "Rapport"
        self.front.column_dimensions["A"].width = 110
        self._print_setup(self.front, header_row=None, landscape=False)
        self.warning = next((b for b in report.blocks if isinstance(b, d.CheckWarning)), None)
        self._line(report.title, TITLE)
        self._line(report.municipality)
        self._line(f"Per {nb.date_nb(report.period_end)}")
        if d.EDITION_NOTES[report.edition]:
            self._line(d.EDITION_NOTES[report.edition], WARN)
        self._line("")
        self.header_fill, self.header_font = _header_style(report.theme)

    def _line(self, text: str, font: Font | None = None) -> None:
        self.front.append([text])
        cell = self.front.cell(row=self.front.max_row, column=1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = font

    def sheet(
        self, title: str, caption: str, header: list[str], widths: list[int], unit: str | None = None
    ) -> Worksheet:
        """A table sheet: caption, the warning if the report was forced, the unit of measure, then
        the header row, which is frozen and printed at the top of every page."""
        ws = self.wb.create_sheet(sheet_name(title, self.wb.sheetnames))
        ws.append([f"{caption} – {self.report.municipality}"])
        ws["A1"].font = BOLD
        if self.warning:
            ws.append([f"Advarsel: rapporten er laget selv om kontrollen fant {len(self.warning.mismatches)} avvik."])
            ws.cell(row=ws.max_row, column=1).font = WARN
        if unit:
            ws.append([unit])
            ws.cell(row=ws.max_row, column=1).font = UNIT
        ws.append(header)
        for cell in ws[ws.max_row]:
            cell.font = self.header_font
            if self.header_fill is not None:
                cell.fill = self.header_fill
            cell.alignment = Alignment(
                wrap_text=True, vertical="bottom", horizontal="left" if cell.column == 1 else "right"
            )
        ws.freeze_panes = f"B{ws.max_row + 1}"  # a string: ws.cell() would create an empty row
        for n, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(n)].width = w
        self._print_setup(ws, header_row=ws.max_row, landscape=sum(widths) > WIDE)
        return ws

    def _print_setup(self, ws: Worksheet, header_row: int | None, landscape: bool) -> None:
        """A4 fitted to the page width (as many pages tall as needed), the rows down to the header
        repeated on every page, and the report's running header and "Side x av y"."""
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if header_row:
            ws.print_title_rows = f"1:{header_row}"

        def code(text: str) -> str:  # "&" starts a header/footer code
            return text.replace("&", "&&")

        ws.oddHeader.left.text = code(self.report.municipality)
        ws.oddHeader.right.text = code(self.report.title)
        ws.oddFooter.left.text = code(f"Per {nb.date_nb(self.report.period_end)}")
        ws.oddFooter.right.text = "Side &P av &N"

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
            block.caption,
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
            _amount_unit(block.unit_label, "forbruk i prosent"),
        )
        amount = _amount_format(block.unit_label)
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
                row[c].number_format = amount
            row[3].number_format = PERCENT
            if r.kind is not RowKind.UNIT:
                for cell in row:
                    cell.font = BOLD

    def central(self, block: d.CentralItemsBlock) -> None:
        ws = self.sheet(
            "Sentrale poster",
            "Sentrale poster, avvik (positivt bedrer resultatet)",
            ["Post", "Kategori", "Avvik"],
            [60, 18, 16],
            _amount_unit("tall i 1000 kr"),
        )
        for c in block.items:
            ws.append([c.text, c.category, to_kroner(c.deviation)])
            ws.cell(row=ws.max_row, column=3).number_format = THOUSANDS
        net = block.net
        for label, ore in (
            ("Avvik enhetene", net.unit_deviation),
            ("Avvik sentrale poster", net.central_deviation),
            ("Netto prognose (avvik)", net.net),
        ):
            ws.append([label, None, to_kroner(ore)])
            ws.cell(row=ws.max_row, column=3).number_format = THOUSANDS
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
                measures = "\n".join(f"• {tx.measure_line(m.text, nb.measure_facts(m))}" for m in c.measures)
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
            block.short_title or block.caption,
            block.caption,
            [block.label_header, *block.columns],
            [44] + [14] * len(block.columns),
            units_line(f.kind for r in block.rows for f in r.cells),
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
                ws = self.sheet(
                    "Avvik per enhet", block.title, ["Enhet", "Avvik"], [44, 16], _amount_unit(block.unit_label)
                )
                for b in block.bars:
                    ws.append([b.label, to_kroner(b.value)])
                    ws.cell(row=ws.max_row, column=2).number_format = _amount_format(block.unit_label)
            case d.MonthlyProfileChart():
                ws = self.sheet(
                    "Regnskap per måned",
                    block.title,
                    ["Måned", "Regnskap hittil i år", "Budsjettprofil hittil i år"],
                    [12, 22, 22],
                    _amount_unit(block.unit_label),
                )
                for p in block.points:
                    ws.append([p.label, None if p.actual is None else to_kroner(p.actual), to_kroner(p.budget_profile)])
                    for c in (2, 3):
                        ws.cell(row=ws.max_row, column=c).number_format = _amount_format(block.unit_label)
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
            case d.Cover() | d.Contents() | d.PageBreak():
                pass  # the front sheet names the report; the sheets are the contents
            case d.TrendChart() | d.WaterfallChart():
                pass  # its figures are the table it draws (sick leave, the bridge); a workbook holds figures
            case d.DeviationChart() | d.MonthlyProfileChart():
                book.chart(block)
            case d.FigureTable():
                book.figure_table(block)
            case _:
                raise TypeError(f"Ukjent blokk i rapporten: {type(block).__name__}")
    neutralise_workbook(book.wb)  # text from users (comments, names) never becomes a live formula
    _properties(book.wb, report)
    buf = io.BytesIO()
    # Not wb.save(): it stamps "modified" with the clock. The zip's dates are the report's too.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book.wb, archive).write_data()
    return stable_zip(buf.getvalue(), report.period_end)


def _properties(wb: Workbook, report: d.Document) -> None:
    """The file's properties from the document (openpyxl's default author is «openpyxl», its dates
    the clock's)."""
    stamp = datetime.combine(report.period_end, time(12, 0))
    props = wb.properties
    props.title = report.title
    props.creator = props.lastModifiedBy = report.municipality
    props.subject = f"{report.title}, {report.municipality}, per {nb.date_nb(report.period_end)}"
    props.language = "nb-NO"
    props.created = props.modified = stamp
