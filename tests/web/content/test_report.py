"""The demo content loads and the report contains it, in every format."""

import io

import pytest

from tertial.core import document as d
from tertial.renderers import RENDERERS
from tertial.renderers.html import render_html
from tertial.web.content.selectors import content_mismatches
from tertial.web.reports.documents import status_report_document


@pytest.fixture
def report(levanger):
    return status_report_document(year=2024, month=3)


def test_the_demo_content_loads_and_the_report_has_it_in_the_seed_order(report):
    headings = [b.text for b in report.blocks if isinstance(b, d.Heading) and b.level == 2]
    start = headings.index("Kommentarer")
    assert headings[start:] == [
        "Kommentarer",
        "Status sykefravær pr. mars 2024",
        "Revidert framdriftsplan ny sak om Helseplattformen",
        "Introduksjonsprogram og språkpraksis for flyktninger",
        "Kartlegging av heltid/deltid",
        "Eierskapsmelding – Levanger kommune",
        "Politiske vedtak under oppfølging",
    ]  # the statistical annex is in the internal edition only (tests/web/reports/test_editions.py)


def test_the_nav_table_is_attached_to_navs_comment_with_the_computed_change(report):
    comments = next(b for b in report.blocks if isinstance(b, d.CommentsBlock))
    nav = next(u for s in comments.sectors for u in s.units if u.code == "133")
    [table] = nav.tables
    assert table.rows[0].label == "Søknader sosialhjelp"
    assert round(table.rows[0].cells[-1].value) == 34


def test_the_html_report_shows_sick_leave_as_given_the_revised_plan_and_the_sections(report):
    html = render_html(report)
    assert "Levanger kommune totalt" in html and "10,17\xa0%" in html
    assert "totalene for tjenesteområder og kommunen er ikke beregnet" in html
    assert "Behandling i kommunestyret: 19.06.2024 (flyttet fra 31.05.2024" in html
    assert "Svar på politisk vedtak: Kommunestyret 29.11.2023" in html
    assert "+34\xa0%" in html and "<script" not in html


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_every_other_format_renders_the_content(report, fmt):
    data = RENDERERS[fmt].render(report)
    if fmt == "docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert "Status sykefravær pr. mars 2024" in text and "Eierskapsmelding – Levanger kommune" in text
    else:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data))
        assert "Status sykefravær pr. mars 2024" in wb.sheetnames[-2:] + wb.sheetnames
        ws = wb["Status sykefravær pr. mars 2024"]
        labels = [row[0] for row in ws.iter_rows(values_only=True)]
        assert "Oppvekst og utdanning" in labels and "Levanger kommune totalt" in labels
        # percent only, size unknown: shown because the demo municipality chose so, as Levanger published it
        assert "Ekne barneskole" in labels  # (tests/web/test_privacy.py)


def test_the_checker_flags_every_printed_nav_change(report):
    found = content_mismatches(year=2024, month=3)
    assert (found[0].shown, found[0].expected) == ("+25 %", "+34 %")
    assert len(found) == 5


def test_the_report_draws_the_sick_leave_trend_per_sector_in_html_and_word(report):
    html = render_html(report)
    assert "<title id=" in html and "Status sykefravær pr. mars 2024: utvikling per tjenesteområde</title>" in html
    from docx import Document as Word

    word = Word(io.BytesIO(RENDERERS["docx"].render(report)))
    titles = [el.get("title") for el in word.element.body.iter() if el.tag.endswith("}docPr")]
    assert "Status sykefravær pr. mars 2024: utvikling per tjenesteområde" in titles
