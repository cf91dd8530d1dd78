"""Free text keeps its paragraphs and line breaks in every format (issue 18, text fidelity)."""

import io
import subprocess
from dataclasses import replace

import docx
from docx.oxml.ns import qn

from tertial.core.comments import UnitComment
from tertial.core.document import CommentsBlock, Document
from tertial.renderers import text as tx
from tertial.renderers.docx import render_docx
from tertial.renderers.html import render_html
from tertial.renderers.pdf import render_pdf

CAUSE = (
    "Prognosen viser et negativt avvik.\r\n\r\nÅrsaker:\r\nSkolen opplever en opphoping av elever.\n \nFor å redusere:"
)
TEXT = (
    "Status vikarinnleie:\n"
    "- januar - mars 2024: 419 lærertimer uten vikar (46 % av fraværet)\n"
    "- januar - mars 2024: 241 timer fagarbeider uten vikar (58% av fraværet)"
)


def test_paragraphs_are_split_at_blank_lines_and_keep_their_lines():
    assert tx.paragraphs(CAUSE) == [
        ["Prognosen viser et negativt avvik."],
        ["Årsaker:", "Skolen opplever en opphoping av elever."],
        ["For å redusere:"],
    ]
    assert tx.paragraphs(TEXT) == [TEXT.split("\n")]
    assert tx.paragraphs("  \n\n ") == [] and tx.lines("a\n\nb\n") == ["a", "b"]


def with_comment(report: Document) -> Document:
    block = next(b for b in report.blocks if isinstance(b, CommentsBlock))
    sector = block.sectors[0]
    unit = sector.units[0]
    comment = UnitComment(ansvar=unit.code, cause=CAUSE, text=TEXT, consequence="Merforbruket øker.\nOgså neste år.")
    sectors = (replace(sector, units=(replace(unit, comment=comment), *sector.units[1:])), *block.sectors[1:])
    return replace(report, blocks=tuple(replace(b, sectors=sectors) if b is block else b for b in report.blocks))


def test_html_keeps_paragraphs_and_line_breaks(report):
    html = render_html(with_comment(report))
    assert "<p>Prognosen viser et negativt avvik.</p><p>Årsaker:<br>Skolen opplever en opphoping av elever.</p>" in html
    assert (
        "<p>Status vikarinnleie:<br>- januar - mars 2024: 419 lærertimer uten vikar (46 % av fraværet)<br>"
        "- januar - mars 2024: 241 timer fagarbeider uten vikar (58% av fraværet)</p>"
    ) in html
    assert "</strong> Merforbruket øker.<br>Også neste år.</p>" in html


def test_word_keeps_paragraphs_and_line_breaks(report):
    word = docx.Document(io.BytesIO(render_docx(with_comment(report))))
    paras = [p for p in word.paragraphs if p.text.startswith(("Årsaker:", "Status vikarinnleie:", "Konsekvens"))]
    assert [p.text for p in paras] == [
        "Årsaker:\nSkolen opplever en opphoping av elever.",
        TEXT,
        "Konsekvens hvis tiltakene ikke gjennomføres: Merforbruket øker.\nOgså neste år.",
    ]
    assert [len(list(p._p.iter(qn("w:br")))) for p in paras] == [1, 2, 1]  # real Word line breaks
    assert "Prognosen viser et negativt avvik." in [p.text for p in word.paragraphs]


def test_pdf_prints_each_line_of_the_comment_on_its_own_line(report, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(with_comment(report)))
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    lines = [" ".join(line.split()) for line in out.splitlines()]
    i = lines.index("Status vikarinnleie:")
    assert lines[i + 1 : i + 3] == [
        "- januar - mars 2024: 419 lærertimer uten vikar (46 % av fraværet)",
        "- januar - mars 2024: 241 timer fagarbeider uten vikar (58% av fraværet)",
    ]
    assert "Årsaker:" in lines


def test_a_consequence_with_its_own_lead_in_is_not_labelled_twice(report):
    own = "Konsekvens hvis ikke disse tiltakene iverksettes: Merforbruket vil øke."
    assert tx.consequence(own) == ("Konsekvens hvis ikke disse tiltakene iverksettes:", "Merforbruket vil øke.")
    assert tx.consequence("Merforbruket øker.") == (tx.CONSEQUENCE_LABEL, "Merforbruket øker.")
    assert tx.consequence("Konsekvensene er små.")[0] == tx.CONSEQUENCE_LABEL  # no colon: not a lead-in
    block = next(b for b in report.blocks if isinstance(b, CommentsBlock))
    sector = block.sectors[0]
    unit = sector.units[0]
    comment = UnitComment(ansvar=unit.code, cause="Årsak.", consequence=own)
    sectors = (replace(sector, units=(replace(unit, comment=comment), *sector.units[1:])), *block.sectors[1:])
    doc = replace(report, blocks=tuple(replace(b, sectors=sectors) if b is block else b for b in report.blocks))
    html = render_html(doc)
    assert "<p><strong>Konsekvens hvis ikke disse tiltakene iverksettes:</strong> Merforbruket vil øke.</p>" in html
    assert html.count("Konsekvens") == 1
    word = docx.Document(io.BytesIO(render_docx(doc)))
    texts = [p.text for p in word.paragraphs if "Konsekvens" in p.text]
    assert texts == [own]
