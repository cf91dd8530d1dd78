"""The Word report, read back with python-docx."""

import io

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
