"""DOCX renderer (python-docx): real Word tables and the built-in heading styles, so the municipality
can edit the report and paste it into its case system. A4, a running header with municipality and
title, "Side x av y" in the footer (Word fields), table header rows repeated on each page and rows
that do not break across pages. Charts are PNG pictures with the text alternative as alt text.

Reads only core.document; every figure is formatted by numbers.py.
"""

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from tertial.core import document as d
from tertial.core.status import RowKind

from . import numbers as nb
from .charts import chart_png, description_text

RED = RGBColor(0xB0, 0x00, 0x20)
GREY = RGBColor(0x4A, 0x4A, 0x4A)
TEXT_WIDTH = Cm(17)  # A4 (21 cm) less 2 cm margins on each side
LABEL_WIDTH = Cm(6.5)


def _runs_text(runs: tuple[d.Run, ...]) -> str:
    return "".join(nb.run_text(r) for r in runs)


def _field(paragraph, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the page."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _row_flags(row, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))  # a row is never broken across pages
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page


def _cell(cell, text: str, *, right: bool = False, bold: bool = False, red: bool = False, width=None) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(text)
    run.font.size = Pt(8.5)
    run.bold = bold
    if red:
        run.font.color.rgb = RED
    if width is not None:
        cell.width = width


def _table(doc, header: list[str], rows: list[tuple[list[str], bool, list[bool]]], label_width=LABEL_WIDTH):
    """A table whose first column is text and the others right-aligned figures.

    rows: (cells, bold, red per cell)."""
    n = len(header)
    other = int((TEXT_WIDTH - label_width) / (n - 1))
    widths = [label_width] + [other] * (n - 1)
    table = doc.add_table(rows=1, cols=n)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    _row_flags(head, header=True)
    for i, (cell, text) in enumerate(zip(head.cells, header, strict=True)):
        _cell(cell, text, right=i > 0, bold=True, width=widths[i])
    for cells, bold, red in rows:
        row = table.add_row()
        _row_flags(row)
        for i, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            _cell(cell, text, right=i > 0, bold=bold, red=red[i], width=widths[i])
    return table


def _note(doc, text: str) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.font.size = Pt(8)
    run.font.color.rgb = GREY


def _caption(doc, text: str, unit: str = "") -> None:
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    p.add_run(text).bold = True
    if unit:
        p.add_run(f" ({unit})")


def _status_table(doc, block: d.StatusTableBlock) -> None:
    period = block.table.period
    _caption(doc, block.caption, block.unit_label)
    header = [
        "Ansvar",
        f"Regnskap {period.month_name} {period.year}",
        f"Budsjett inkl. endring {period.year}",
        "Forbruk",
        "Prognose",
        "Avvik",
    ]
    rows = []
    for r in block.table.rows:
        label = r.label + ("" if r.forecast_reported else " (prognose ikke meldt)")
        cells = [
            label,
            nb.thousands(r.actual),
            nb.thousands(r.budget),
            nb.percent(r.usage_percent),
            nb.thousands(r.forecast),
            nb.thousands(r.deviation),
        ]
        rows.append((cells, r.kind is not RowKind.UNIT, [False] * 5 + [r.overspend]))
    _table(doc, header, rows)
    _note(
        doc,
        "Avvik = budsjett − prognose; negativt avvik er merforbruk. "
        "Delsummer og total er summert av eksakte beløp før avrunding.",
    )


def _central(doc, block: d.CentralItemsBlock) -> None:
    _caption(doc, "Sentrale poster", "avvik, tall i 1000 kr; positivt bedrer resultatet")
    rows = [
        ([c.text, c.category, nb.thousands(c.deviation)], False, [False, False, c.deviation < 0]) for c in block.items
    ]
    net = block.net
    for label, ore, bold in (
        ("Avvik enhetene", net.unit_deviation, True),
        ("Avvik sentrale poster", net.central_deviation, True),
        ("Netto prognose (avvik)", net.net, True),
    ):
        rows.append(([label, "", nb.thousands(ore)], bold, [False, False, ore < 0]))
    table = _table(doc, ["Post", "Kategori", "Avvik"], rows, label_width=Cm(10))
    for row in table.rows:  # the category is text: left-aligned
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT


def _paras(doc, text: str) -> None:
    for part in text.split("\n\n"):
        if part.strip():
            doc.add_paragraph(part.strip())


def _comments(doc, block: d.CommentsBlock) -> None:
    for s in block.sectors:
        doc.add_heading(s.name, level=3)
        if s.comment:
            _paras(doc, s.comment.text)
        for u in s.units:
            c = u.comment
            doc.add_heading(f"{u.code} {u.name}", level=4)
            if c.cause:
                _paras(doc, c.cause)
            for t in u.tables:  # a table the comment refers to sits between its cause and the rest
                _figure_table(doc, t)
            if c.text:
                _paras(doc, c.text)
            if c.measures:
                doc.add_paragraph().add_run("Tiltak:").bold = True
                for m in c.measures:
                    extra = nb.measure_facts(m)
                    doc.add_paragraph(m.text + (f" ({', '.join(extra)})" if extra else ""), style="List Bullet")
            if c.consequence:
                p = doc.add_paragraph()
                p.add_run("Konsekvens hvis tiltakene ikke gjennomføres: ").bold = True
                p.add_run(c.consequence)


def _figure_table(doc, block: d.FigureTable) -> None:
    """A content table (sick leave, indicators): text first column, figures right-aligned."""
    _caption(doc, block.caption)
    rows = [
        (
            [r.label, *(nb.figure(f) for f in r.cells)],
            r.kind != "unit" and block.label_header != "",
            [False] * (1 + len(r.cells)),
        )
        for r in block.rows
    ]
    _table(doc, [block.label_header, *block.columns], rows)
    for n in block.notes:
        _note(doc, n)


def _warning(doc, block: d.CheckWarning) -> None:
    p = doc.add_paragraph()
    run = p.add_run(f"Advarsel: rapporten er laget selv om kontrollen fant {len(block.mismatches)} avvik i tallene:")
    run.bold = True
    run.font.color.rgb = RED
    for m in block.mismatches:
        doc.add_paragraph(str(m), style="List Bullet").runs[0].font.color.rgb = RED


def _chart(doc, block: d.Chart) -> None:
    _caption(doc, block.title)
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    shape = p.add_run().add_picture(io.BytesIO(chart_png(block)), width=Cm(16.5))
    doc_pr = shape._inline.docPr
    doc_pr.set("title", block.title)
    doc_pr.set("descr", description_text(block.description))  # the alt text Word shows and reads aloud
    _note(doc, description_text(block.description))
    if block.note:
        _note(doc, block.note)


def _block(doc, block: d.Block) -> None:
    """The one place that maps each block type to Word content."""
    match block:
        case d.Heading(text=text, level=level):
            doc.add_heading(text, level=level)
        case d.Paragraph(runs=runs):
            doc.add_paragraph(_runs_text(runs))
        case d.ItemList(items=items):
            for item in items:
                doc.add_paragraph(_runs_text(item), style="List Bullet")
        case d.StatusTableBlock():
            _status_table(doc, block)
        case d.CentralItemsBlock():
            _central(doc, block)
        case d.CommentsBlock():
            _comments(doc, block)
        case d.Signature(name=name, title=title):
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(36)
            p.add_run(name)
            p.add_run().add_break()
            p.add_run(title)
        case d.CheckWarning():
            _warning(doc, block)
        case d.DeviationChart() | d.MonthlyProfileChart() | d.TrendChart() | d.WaterfallChart():
            _chart(doc, block)
        case d.FigureTable():
            _figure_table(doc, block)
        case _:
            raise TypeError(f"Ukjent blokk i rapporten: {type(block).__name__}")


def _page_setup(doc, report: d.Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    right_tab = section.page_width - section.left_margin - section.right_margin

    head = section.header.paragraphs[0]
    head.paragraph_format.tab_stops.add_tab_stop(right_tab, WD_TAB_ALIGNMENT.RIGHT)
    run = head.add_run(f"{report.municipality}\t{report.title}")
    run.font.size = Pt(8)
    run.font.color.rgb = GREY

    foot = section.footer.paragraphs[0]
    foot.paragraph_format.tab_stops.add_tab_stop(right_tab, WD_TAB_ALIGNMENT.RIGHT)
    foot.add_run(f"Per {nb.date_nb(report.period_end)}\tSide ")
    _field(foot, "PAGE")
    foot.add_run(" av ")
    _field(foot, "NUMPAGES")
    for r in foot.runs:
        r.font.size = Pt(8)
        r.font.color.rgb = GREY


def render_docx(report: d.Document) -> bytes:
    doc = new_docx()
    doc.core_properties.title = f"{report.title} – {report.municipality}"
    doc.core_properties.language = "nb-NO"
    _page_setup(doc, report)
    doc.add_heading(report.title, level=1)
    meta = doc.add_paragraph(report.municipality)
    meta.runs[0].font.color.rgb = GREY
    for block in report.blocks:
        _block(doc, block)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
