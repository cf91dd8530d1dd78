"""DOCX renderer (python-docx): real Word tables and the built-in heading styles, so the municipality
can edit the report and paste it into its case system. A4, a running header with municipality and
title, "Side x av y" in the footer (Word fields), table header rows repeated on each page and rows
that do not break across pages. Charts are PNG pictures with the text alternative as alt text.

Reads only core.document; every figure is formatted by numbers.py.
"""

import copy
import io
import zipfile
from datetime import datetime, time

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

from tertial.core import document as d
from tertial.core.status import RowKind

from . import numbers as nb
from . import text as tx
from .charts import chart_png, description_text
from .package import stable_zip
from .theme import theme_colour

RED = RGBColor(0xB0, 0x00, 0x20)
GREY = RGBColor(0x4A, 0x4A, 0x4A)
TEXT_WIDTH = Cm(17)  # A4 (21 cm) less 2 cm margins on each side
LABEL_WIDTH = Cm(6.5)
LANG = "nb-NO"
# CT_RPr's children after w:lang (the schema's order): w:lang goes before any of them.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")
# CT_Settings' children after w:updateFields (Word refuses a settings part out of the schema's order).
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


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


def _complex_field(paragraph, instr: str, result: str) -> None:
    """A field as begin/instr/separate/result/end runs (TOC and SEQ need the complex form)."""

    def run_with(child) -> None:
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # Word recomputes it on open
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(result)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _caption(doc, text: str, unit: str = "", kind: str = "Tabell") -> None:
    """A Word caption above a table or a chart: "Tabell 3: Sentrale poster (tall i 1000 kr)"."""
    counters = doc._tertial_captions
    counters[kind] = counters.get(kind, 0) + 1
    p = doc.add_paragraph(style="Caption")
    p.paragraph_format.keep_with_next = True
    p.add_run(f"{kind} ")
    _complex_field(p, f"SEQ {kind} \\* ARABIC", str(counters[kind]))
    p.add_run(f": {text}")
    if unit:
        p.add_run(f" ({unit})").bold = False


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


def _lines(paragraph, text: str) -> None:
    """Text into a paragraph, its line breaks as Word line breaks (w:br)."""
    for n, line in enumerate(tx.lines(text)):
        if n:
            paragraph.add_run().add_break()
        paragraph.add_run(line)


def _paras(doc, text: str) -> None:
    """A Word paragraph per paragraph of the text, line breaks inside it kept (text.paragraphs)."""
    for para in tx.paragraphs(text):
        _lines(doc.add_paragraph(), "\n".join(para))


def _measures(doc, measures) -> None:
    for m in measures:
        _lines(doc.add_paragraph(style="List Bullet"), tx.measure_line(m.text, nb.measure_facts(m)))


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
            lead_in = tx.measures_after_cause(c.cause)
            if lead_in:  # the list under the cause's own lead-in, then the rest
                _measures(doc, c.measures)
            if c.text:
                _paras(doc, c.text)
            if c.measures and not lead_in:
                doc.add_paragraph().add_run("Tiltak:").bold = True
                _measures(doc, c.measures)
            if c.consequence:
                p = doc.add_paragraph()
                label, text = tx.consequence(c.consequence)
                p.add_run(f"{label} ").bold = True
                _lines(p, text)


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
    _caption(doc, block.title, kind="Figur")
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
    """A4 with our running header and footer; a municipality's template keeps its own."""
    section = doc.sections[0]
    if report.theme.word_template:
        return
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


def _set_lang(r_pr) -> None:
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        after = next((c for c in r_pr if c.tag in {qn(t) for t in _AFTER_LANG}), None)
        if after is None:
            r_pr.append(lang)
        else:
            after.addprevious(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANG)


def _norwegian(doc) -> None:
    """nb-NO on the document defaults and on every style (python-docx's template says en-US)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    _set_lang(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for style in styles.iterfind(qn("w:style")):
        _set_lang(style.get_or_add_rPr())
    settings = doc.settings.element
    font_lang = settings.find(qn("w:themeFontLang"))
    if font_lang is not None:
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            font_lang.set(qn(attr), LANG)
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):  # Norwegian number entry
        el = settings.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), value)
    caption = doc.styles["Caption"].font  # the template's is small, bold and blue
    caption.size, caption.bold, caption.italic = Pt(9.5), True, False
    caption.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)


def _core_properties(doc, report: d.Document) -> None:
    """From the document model only: the dates are the report's, not the clock."""
    stamp = datetime.combine(report.period_end, time(12, 0))
    props = doc.core_properties
    props.title = report.title
    props.author = report.municipality
    props.last_modified_by = report.municipality
    props.subject = f"{report.title}, {report.municipality}, per {nb.date_nb(report.period_end)}"
    props.comments = ""  # the template's "generated by python-docx"
    props.keywords = "økonomirapportering; kommunestyret"
    props.category = "Rapport"
    props.language = LANG
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def _table_of_contents(doc, title: str = "Innhold") -> None:
    """A TOC field over the chapter headings; Word fills it in (with page numbers) on opening,
    after asking to update fields (`w:updateFields`). Until then it says how to fill it in."""
    head = doc.add_paragraph(title, style="TOC Heading")
    head.paragraph_format.keep_with_next = True
    p = doc.add_paragraph()
    _complex_field(p, 'TOC \\o "2-3" \\h \\z \\u', "Innholdsfortegnelsen fylles inn når dokumentet åpnes i Word.")
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    after = next((c for c in settings if c.tag in {qn(t) for t in _AFTER_UPDATE_FIELDS}), None)
    if after is None:
        settings.append(update)
    else:
        after.addprevious(update)


# The styles this renderer uses; a municipality's template that lacks one gets python-docx's.
NEEDED_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "Caption",
    "List Bullet",
    "TOC Heading",
    "Table Grid",
)
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _base_document(theme: d.Theme):
    """python-docx's default document, or the municipality's Word template (.dotx or .docx) with its
    body emptied: its styles, page set-up, header and footer stay. A .dotx is opened as a document
    (python-docx refuses the template content type); styles the template lacks are added."""
    if not theme.word_template:
        return new_docx()
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(theme.word_template)) as zin,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
            zout.writestr(item, data)
    doc = new_docx(io.BytesIO(buf.getvalue()))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    default = new_docx()
    names = {s.name for s in doc.styles}
    for name in NEEDED_STYLES:
        if name not in names:
            doc.styles.element.append(copy.deepcopy(default.styles[name].element))
    return doc


def _theme_colours(doc, theme: d.Theme) -> None:
    """Headings and the title in the municipality's colour (not over a template's own styles)."""
    colour = theme_colour(theme)
    if not colour or theme.word_template:
        return
    rgb = RGBColor.from_string(colour[1:].upper())
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading"):
        doc.styles[name].font.color.rgb = rgb


def _numbered_headings(doc) -> None:
    """Chapters numbered by Word (1, 2 …; sections 1.1, 1.2 …) through a multilevel list on the
    Heading 2 and Heading 3 styles: the heading text stays the chapter's name, the TOC field shows the
    numbers. A municipality's template keeps its own numbering (not called then)."""
    numbering = doc.part.numbering_part.element
    abstract_id = 1 + max(
        (int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))), default=-1
    )
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    levels = "".join(
        f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="{style}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl>'
        for n, (style, text, indent) in enumerate((("Heading2", "%1", 567), ("Heading3", "%1.%2", 709)))
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))  # every abstractNum comes before the first num
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )
    for name, level in (("Heading 2", 0), ("Heading 3", 1)):
        num_pr = doc.styles[name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id


def _cover(doc, block: d.Cover, theme: d.Theme) -> None:
    """The front page: logo (PNG; Word takes no SVG here), municipality, title, subtitle, the date,
    a case number to fill in and, on the internal edition, its note; then a page break."""
    if theme.logo and theme.logo_type == "image/png":
        shape = doc.add_paragraph().add_run().add_picture(io.BytesIO(theme.logo), height=Cm(2.5))
        shape._inline.docPr.set("descr", block.municipality)
    p = doc.add_paragraph(block.municipality)
    p.paragraph_format.space_before = Pt(48)
    doc.add_paragraph(block.title, style="Title")
    if block.subtitle:
        doc.add_paragraph(block.subtitle, style="Subtitle")
    doc.add_paragraph(f"Per {nb.date_nb(block.period_end)}").paragraph_format.space_before = Pt(24)
    doc.add_paragraph(f"{block.case_number_label}: __________")
    if block.edition_note:
        run = doc.add_paragraph().add_run(block.edition_note)
        run.bold = True
        run.font.color.rgb = RED
    doc.add_page_break()


def render_docx(report: d.Document) -> bytes:
    doc = _base_document(report.theme)
    doc._tertial_captions = {}
    _norwegian(doc)
    _theme_colours(doc, report.theme)
    _core_properties(doc, report)
    _page_setup(doc, report)
    if not any(isinstance(b, d.Cover) for b in report.blocks):
        doc.add_heading(report.title, level=1)
        meta = doc.add_paragraph(report.municipality)
        meta.runs[0].font.color.rgb = GREY
        if d.EDITION_NOTES[report.edition]:
            run = doc.add_paragraph().add_run(d.EDITION_NOTES[report.edition])
            run.bold = True
            run.font.color.rgb = RED
    if any(isinstance(b, d.Heading) for b in report.blocks) and not any(
        isinstance(b, d.Contents) for b in report.blocks
    ):
        _table_of_contents(doc)
    if any(isinstance(b, d.Contents) for b in report.blocks) and not report.theme.word_template:
        _numbered_headings(doc)
    for block in report.blocks:
        match block:
            case d.Cover():
                _cover(doc, block, report.theme)
            case d.Contents():
                _table_of_contents(doc, block.title)
            case d.PageBreak():
                doc.add_page_break()
            case _:
                _block(doc, block)
    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue(), report.period_end)
