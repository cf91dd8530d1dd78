"""The Word report, read back with python-docx."""

import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tertial.core.document import StatusTableBlock
from tertial.renderers import numbers as nb
from tertial.renderers.docx import render_docx


def read(doc) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(doc)))


def status_table(word):
    return next(t for t in word.tables if t.cell(0, 0).text == "Ansvar")


def test_status_table_is_a_real_word_table_with_every_row_and_the_total(report):
    table = next(b for b in report.blocks if isinstance(b, StatusTableBlock)).table
    word = status_table(read(report))
    assert len(word.rows) == 1 + len(table.rows)
    t = table.total
    assert [c.text for c in word.rows[-1].cells] == [
        "Totalt Testvik kommune",
        nb.thousands(t.actual),
        nb.thousands(t.budget),
        nb.percent(t.usage_percent),
        nb.thousands(t.forecast),
        nb.thousands(t.deviation),
    ]


def test_figures_are_right_aligned_subtotals_bold_and_the_header_repeats(report):
    word = status_table(read(report))
    header, unit, sector = word.rows[0], word.rows[1], word.rows[4]
    assert sector.cells[0].text.startswith("Totalt ")
    assert all(c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for c in unit.cells[1:])
    assert sector.cells[1].paragraphs[0].runs[0].bold and not unit.cells[1].paragraphs[0].runs[0].bold
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in word.rows)


def test_overspend_is_red_in_the_table(report):
    word = status_table(read(report))
    reds = [r for r in word.rows[1:] if r.cells[5].paragraphs[0].runs[0].font.color.rgb is not None]
    assert reds and all(r.cells[5].text.startswith("\u2212") for r in reds)


def test_headings_use_words_heading_styles(report):
    styles = [(p.style.name, p.text) for p in read(report).paragraphs if p.style.name.startswith("Heading")]
    assert styles[0] == ("Heading 1", "Status regnskap pr. 31.03.24")
    assert ("Heading 2", "Kommentarer") in styles
    assert ("Heading 3", "Tjenesteområde 1") in styles
    assert ("Heading 4", "100 Enhet nummer 1") in styles


def test_page_is_a4_with_header_and_page_fields_in_the_footer(report):
    section = read(report).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.header.paragraphs[0].text == "Testvik kommune\tStatus regnskap pr. 31.03.24"
    instr = [f.get(qn("w:instr")) for f in section.footer.paragraphs[0]._p.iter(qn("w:fldSimple"))]
    assert instr == ["PAGE", "NUMPAGES"]
    assert "Side" in section.footer.paragraphs[0].text and " av " in section.footer.paragraphs[0].text


def test_charts_are_pictures_with_alt_text(report):
    word = read(report)
    assert len(word.inline_shapes) == 2
    descr = [s._inline.docPr.get("descr") for s in word.inline_shapes]
    assert descr[0].startswith("Avvik mellom budsjett og prognose per enhet")
    assert word.inline_shapes[0]._inline.docPr.get("title") == "Avvik per enhet pr. 31.03.2024"


def test_a_forced_report_carries_the_warning(forced_report):
    text = [p.text for p in read(forced_report).paragraphs]
    assert any(t.startswith("Advarsel: rapporten er laget selv om kontrollen fant 1 avvik") for t in text)


def test_an_unknown_block_is_refused(report):
    from dataclasses import replace

    with pytest.raises(TypeError, match="Ukjent blokk i rapporten: object"):
        render_docx(replace(report, blocks=(*report.blocks, object())))


# --- Council-grade Word file (issue 18) ---------------------------------------------------------

NB = {"val": "nb-NO", "eastAsia": "nb-NO", "bidi": "nb-NO"}


def _lang(r_pr) -> dict[str, str | None]:
    lang = None if r_pr is None else r_pr.find(qn("w:lang"))
    assert lang is not None
    return {k: lang.get(qn(f"w:{k}")) for k in NB}


def test_every_style_and_the_document_defaults_are_norwegian_bokmal(report):
    word = read(report)
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert _lang(defaults) == NB
    all_styles = list(styles.iterfind(qn("w:style")))
    assert len(all_styles) > 100  # paragraph, character, table and list styles alike
    for style in all_styles:
        assert _lang(style.find(qn("w:rPr"))) == NB, style.get(qn("w:styleId"))
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as z:
        assert b"en-US" not in z.read("word/styles.xml") and b"en-US" not in z.read("word/settings.xml")


def test_core_properties_come_from_the_document_not_from_python_docx_or_the_clock(report):
    props = read(report).core_properties
    assert props.title == "Status regnskap pr. 31.03.24"
    assert props.author == props.last_modified_by == "Testvik kommune"
    assert props.subject == "Status regnskap pr. 31.03.24, Testvik kommune, per 31.03.2024"
    assert props.language == "nb-NO"
    assert props.created == props.modified == datetime(2024, 3, 31, 12, 0, tzinfo=UTC)
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as z:
        assert b"python-docx" not in z.read("docProps/core.xml")
    assert render_docx(report) == render_docx(report)  # no clock: the same document, the same bytes


def test_a_table_of_contents_field_follows_the_title_and_word_updates_it_on_open(report):
    word = read(report)
    body = word.element.body
    instr = [t.text.strip() for t in body.iter(qn("w:instrText"))]
    toc = [i for i in instr if i.startswith("TOC ")]
    assert toc == ['TOC \\o "2-3" \\h \\z \\u']
    texts = [p.text for p in word.paragraphs]
    assert texts[:3] == [report.title, "Testvik kommune", "Innhold"]
    assert word.paragraphs[2].style.name == "TOC Heading"
    update = word.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_tables_and_charts_have_numbered_word_captions(report):
    word = read(report)
    captions = [p for p in word.paragraphs if p.style.name == "Caption"]
    texts = [p.text for p in captions]
    assert texts[0] == "Tabell 1: Tallene for enhetene ved utgangen av mars (tall i 1000 kr)"
    assert "Figur 1: Avvik per enhet pr. 31.03.2024" in texts
    assert "Tabell 2: Sentrale poster (avvik, tall i 1000 kr; positivt bedrer resultatet)" in texts
    seq = [t.text.strip() for p in captions for t in p._p.iter(qn("w:instrText"))]
    assert seq and all(s in ("SEQ Tabell \\* ARABIC", "SEQ Figur \\* ARABIC") for s in seq)
    # the caption sits right above its table and is kept with it
    body = list(word.element.body)
    status = next(t for t in word.tables if t.cell(0, 0).text == "Ansvar")._tbl
    above = body[body.index(status) - 1]
    assert "".join(t.text for t in above.iter(qn("w:t"))).startswith("Tabell 1: ")
