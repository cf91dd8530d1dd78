"""The PDF report, read back with poppler's pdftotext and pdffonts."""

import contextlib
import html
import re
import subprocess
import zlib

import pytest

from tertial.core.document import CommentsBlock, DeviationChart, Heading, MonthlyProfileChart, StatusTableBlock
from tertial.renderers import numbers as nb
from tertial.renderers.charts import description_text
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


# --- Accessible PDF (issue 18): PDF/UA-1, read back with poppler and from the file's own objects --


def pdf_objects(pdf: bytes) -> str:
    """The PDF's objects as text, object streams inflated and UTF-16 strings (<FEFF…>) decoded as ⟨…⟩, so
    a test can look for /Lang, /Alt and friends without a PDF library."""
    parts = [pdf]
    for m in re.finditer(rb"stream\r?\n", pdf):
        with contextlib.suppress(zlib.error):  # not a Flate stream (fonts are, images may not be)
            parts.append(zlib.decompressobj().decompress(pdf[m.end() :]))
    text = b"\n".join(parts).decode("latin-1")
    return re.sub(
        r"<(?i:feff)([0-9a-fA-F]*)>", lambda h: "⟨" + bytes.fromhex(h.group(1)).decode("utf-16-be") + "⟩", text
    )


@pytest.fixture(scope="module")
def ua_pdf() -> bytes:
    return render_pdf(synthetic_report())


def test_the_pdf_is_pdf_ua_1_tagged_in_norwegian_with_the_title_shown(ua_pdf, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(ua_pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Status regnskap pr. 31.03.24 – Testvik kommune" in info
    assert "Author:          Testvik kommune" in info
    xmp = subprocess.run(["pdfinfo", "-meta", str(path)], check=True, capture_output=True, text=True).stdout
    assert 'pdfuaid:part="1"' in xmp
    objects = pdf_objects(ua_pdf)
    assert "/Lang (nb-NO)" in objects
    assert re.search(r"/StructTreeRoot \d+ 0 R", objects)
    assert "/DisplayDocTitle true" in objects
    assert "/MarkInfo <</Marked true>>" in objects


def test_every_heading_is_a_bookmark_on_its_page(report, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(report))
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", "-stdout", str(path)], check=True, capture_output=True, text=True
    ).stdout
    bookmarks = [html.unescape(t) for t in re.findall(r'<item page="\d+">([^<]*)</item>', xml)]
    headings = [report.title] + [b.text for b in report.blocks if isinstance(b, Heading)]
    assert len(headings) > 2
    assert [b for b in bookmarks if b in headings] == headings  # every chapter, in order
    comments = next(b for b in report.blocks if isinstance(b, CommentsBlock))
    assert comments.sectors[0].name in bookmarks  # sectors and units under "Kommentarer"


def test_every_chart_is_a_figure_with_its_whole_text_alternative(report, ua_pdf, tmp_path):
    charts = [b for b in report.blocks if isinstance(b, DeviationChart | MonthlyProfileChart)]
    assert len(charts) == 2
    alts = re.findall(r"/Alt ⟨([^⟩]*)⟩", pdf_objects(ua_pdf))
    assert alts == [f"{c.title}. {description_text(c.description)}" for c in charts]
    path = tmp_path / "r.pdf"
    path.write_bytes(ua_pdf)
    tree = subprocess.run(["pdfinfo", "-struct", str(path)], check=True, capture_output=True, text=True).stdout
    assert tree.count("Figure") == 2
    assert len(re.findall(r"^ *TH <", tree, re.M)) >= 6 + 3  # the status table's and the central items' header cells
    assert "Caption" in tree and "Table" in tree and "H1" in tree and "H2" in tree
