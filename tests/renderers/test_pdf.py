"""The PDF report, read back with poppler's pdftotext and pdffonts."""

import subprocess

import pytest

from tertial.core.document import StatusTableBlock
from tertial.renderers import numbers as nb
from tertial.renderers.pdf import page_css, render_pdf

from .conftest import synthetic_report

NBSP = "\u00a0"


def pdf_text(pdf: bytes, tmp_path, layout: bool = True) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def squeeze(text: str) -> str:
    """One space between words: pdftotext's column layout and NO-BREAK SPACEs alike."""
    return " ".join(text.replace(NBSP, " ").split())


@pytest.fixture(scope="module")
def long_pdf():
    return render_pdf(synthetic_report(units=120, sectors=6))


def test_every_page_has_the_running_header_and_side_x_av_y(long_pdf, tmp_path):
    pages = [squeeze(p) for p in pdf_text(long_pdf, tmp_path, layout=False).split("\f")[:-1]]
    assert len(pages) > 2
    for n, page in enumerate(pages, start=1):
        assert "Testvik kommune" in page and "Status regnskap pr. 31.03.24" in page
        assert f"Side {n} av {len(pages)}" in page


def test_table_header_is_repeated_on_the_next_page(long_pdf, tmp_path):
    pages = [squeeze(p) for p in pdf_text(long_pdf, tmp_path).split("\f")]
    header = "Ansvar Regnskap Budsjett inkl. Forbruk Prognose Avvik"
    assert header in pages[0] and header in pages[1]
    assert "Totalt Testvik kommune" not in pages[0]  # the table really goes on to the next page


def test_total_row_is_printed_with_norwegian_figures(report, tmp_path):
    total = next(b for b in report.blocks if isinstance(b, StatusTableBlock)).table.total
    text = pdf_text(render_pdf(report), tmp_path)
    line = next(squeeze(x) for x in text.splitlines() if x.strip().startswith("Totalt Testvik kommune"))
    figures = [nb.thousands(total.actual), nb.thousands(total.budget), nb.percent(total.usage_percent)]
    figures += [nb.thousands(total.forecast), nb.thousands(total.deviation)]
    assert line == squeeze(" ".join(["Totalt Testvik kommune", *figures]))
    assert line == "Totalt Testvik kommune 22 506 75 019 30,0 % 75 019 0"


def test_only_dejavu_sans_is_embedded_margin_boxes_included(report, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(report))
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert names and all(n.startswith("DejaVu-Sans") for n in names), names


def test_a_forced_report_carries_the_warning(forced_report, tmp_path):
    assert "Advarsel: rapporten er laget selv om kontrollen fant 1 avvik" in pdf_text(
        render_pdf(forced_report), tmp_path, layout=False
    ).replace("\n", " ")


def test_page_rule_escapes_quotes_in_the_header(report):
    from dataclasses import replace

    css = page_css(replace(report, municipality='Kommune "A" \\ B'))
    assert r'@top-left { content: "Kommune \"A\" \\ B";' in css
