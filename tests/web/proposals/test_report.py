"""The proposals' part of the tertial report: the lines in 1000 kr, the ramme per area and the
draft resolution, rendered with NO-BREAK SPACE thousands; its own check that every proposal balances."""

from datetime import date

from tertial.core.document import Document, FigureTable, Heading
from tertial.renderers.html import render_html
from tertial.web.proposals.models import ProposalLine
from tertial.web.proposals.report import report_part

from .conftest import MILL, YEAR

NBSP = "\u00a0"


def test_no_proposals_leaves_the_part_out(slice_2024):
    part = report_part(year=YEAR, month=4)
    assert part.blocks == () and part.mismatches == ()


def test_the_part_has_the_table_of_lines_and_the_draft_resolution(innvandrer):
    part = report_part(year=YEAR, month=4)
    headings = [b.text for b in part.blocks if isinstance(b, Heading)]
    assert headings == ["Forslag til budsjettendringer"]
    # the draft resolution goes apart: the tertial report prints it right after its summary
    assert [b.text for b in part.resolution if isinstance(b, Heading)] == ["Forslag til vedtak"]
    lines = next(b for b in part.blocks if isinstance(b, FigureTable))
    assert [(r.label, r.cells[0].value, r.kind) for r in lines.rows] == [
        ("160 Innvandrertjenesten", 16000, "unit"),
        ("Andre generelle driftsinntekter – økt integreringstilskudd", -9000, "unit"),
        ("Andre generelle driftsinntekter – økt tilskudd for enslige mindreårige", -5000, "unit"),
        ("Andre generelle driftsinntekter – økt tilskudd for bosatte over anmodning", -1000, "unit"),
        ("Rammetilskudd", -1000, "unit"),
        ("Sum forslag 1: Innvandrertjenesten: budsjett etter vedtak om bosetting", 0, "sector"),
        ("Sum alle forslag", 0, "total"),
    ]
    assert part.mismatches == ()
    blocks = part.blocks + part.resolution
    html = render_html(Document("1. tertialrapport 2024", "Levanger kommune", date(2024, 4, 30), blocks))
    assert (
        f"1. Rammen for Samfunnsutvikling økes med 16{NBSP}000{NBSP}000 kr til 95{NBSP}150{NBSP}150 kr "
        f"(160 Innvandrertjenesten), finansiert med økt integreringstilskudd (9{NBSP}000{NBSP}000 kr), "
        f"økt tilskudd for enslige mindreårige (5{NBSP}000{NBSP}000 kr), økt tilskudd for bosatte over anmodning "
        f"(1{NBSP}000{NBSP}000 kr) og økt rammetilskudd (1{NBSP}000{NBSP}000 kr)." in html
    )
    assert "2. Netto driftsramme per rammeområde for 2024 blir etter endringene:" in html
    assert f"Fellesområder: 7{NBSP}668{NBSP}974 kr" in html
    assert f"16{NBSP}000" in html  # the table in 1000 kr


def test_the_summary_gives_the_proposals_total_in_one_sentence(innvandrer):
    [summary] = report_part(year=YEAR, month=4).summary
    html = render_html(Document("1. tertialrapport 2024", "Levanger kommune", date(2024, 4, 30), (summary,)))
    assert (
        f"Kommunedirektøren legger fram 1 forslag til budsjettendringer som øker netto utgifter med 16,0{NBSP}mill. "
        f"kroner, dekket av økte inntekter, reduserte rammer og bruk av fond på 16,0{NBSP}mill. kroner. "
        "Forslagene er i balanse." in html
    )


def test_an_unbalanced_proposal_in_the_database_is_a_mismatch(innvandrer):
    ProposalLine.objects.filter(proposal=innvandrer, general_line="rammetilskudd").update(amount=-2 * MILL)
    [mismatch] = report_part(year=YEAR, month=4).mismatches
    assert (mismatch.shown, mismatch.expected) == (-1 * MILL, 0)
    assert mismatch.row == "Forslag 1 Innvandrertjenesten: budsjett etter vedtak om bosetting"


def test_the_part_renders_in_word_pdf_and_excel(innvandrer):
    import io

    import docx
    from openpyxl import load_workbook

    from tertial.renderers.docx import render_docx
    from tertial.renderers.pdf import render_pdf
    from tertial.renderers.xlsx import render_xlsx

    part = report_part(year=YEAR, month=4)
    doc = Document("1. tertialrapport 2024", "Levanger kommune", date(2024, 4, 30), part.blocks + part.resolution)
    word = [p.text for p in docx.Document(io.BytesIO(render_docx(doc))).paragraphs]
    assert any(t.startswith(f"1. Rammen for Samfunnsutvikling økes med 16{NBSP}000{NBSP}000 kr") for t in word)
    assert render_pdf(doc).startswith(b"%PDF")
    book = load_workbook(io.BytesIO(render_xlsx(doc)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "160 Innvandrertjenesten" in cells
