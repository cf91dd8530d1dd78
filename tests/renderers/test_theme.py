"""The municipality's graphic profile (core.document.Theme) in every format, and the optional Word
template (issue 18): colour for headings and table headers, the logo on the cover, the font from
its bytes; python-docx builds on the template's styles, header and footer."""

import io
import subprocess
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import RGBColor
from openpyxl import load_workbook
from PIL import Image

from tertial.core import document as d
from tertial.renderers.docx import render_docx
from tertial.renderers.html import render_html
from tertial.renderers.pdf import render_pdf
from tertial.renderers.xlsx import render_xlsx

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")  # stands in for a municipality's font
COLOUR = "#005a9c"


def logo_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 40), (0, 90, 156)).save(buf, format="PNG")
    return buf.getvalue()


def themed(report: d.Document, **theme) -> d.Document:
    cover = d.Cover(title=report.title, municipality=report.municipality, period_end=report.period_end)
    return replace(report, blocks=(cover, d.Contents(), d.PageBreak(), *report.blocks), theme=d.Theme(**theme))


def test_the_html_takes_the_colour_and_the_logo_and_refuses_a_malformed_colour(report):
    html = render_html(themed(report, colour=COLOUR, logo=logo_png(), logo_type="image/png"))
    assert f"h1, h2, h3 {{ color: {COLOUR}; }}" in html
    assert '<img class="logo" src="data:image/png;base64,' in html and 'alt="Kommune"' not in html
    hostile = render_html(themed(report, colour="red; } body { display: none"))
    assert "display: none" not in hostile and "h1, h2, h3 { color" not in hostile


def test_the_pdf_embeds_the_municipalitys_font_from_its_bytes_and_the_logo_on_the_cover(report, tmp_path):
    if not FONT.exists():
        pytest.skip("DejaVu Sans Mono is not installed")
    theme = {"colour": COLOUR, "logo": logo_png(), "logo_type": "image/png"}
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(themed(report, **theme, font=FONT.read_bytes(), font_name="Kommunefont")))
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert "Kommunefont" in fonts  # the body's text is set in the supplied font, embedded under its name
    images = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    assert [line.split()[0] for line in images.splitlines()[2:]] == ["1"]  # one image: the logo, on page 1
    default = tmp_path / "d.pdf"
    default.write_bytes(render_pdf(themed(report)))
    fonts = subprocess.run(["pdffonts", str(default)], check=True, capture_output=True, text=True).stdout
    assert "Kommunefont" not in fonts and "DejaVu-Sans" in fonts  # the free default


def test_word_gets_the_logo_on_the_cover_and_the_heading_colour(report):
    word = docx.Document(io.BytesIO(render_docx(themed(report, colour=COLOUR, logo=logo_png(), logo_type="image/png"))))
    assert word.inline_shapes[0].height > 0  # the first picture is the logo, before the title
    assert word.styles["Heading 2"].font.color.rgb == RGBColor(0x00, 0x5A, 0x9C)
    assert [p.style.name for p in word.paragraphs[:3]] == ["Normal", "Normal", "Title"]


def test_the_workbook_fills_table_headers_with_the_colour_in_a_contrasting_text(report):
    book = load_workbook(io.BytesIO(render_xlsx(themed(report, colour=COLOUR))))
    ws = book["Status"]
    header = next(row for row in ws.iter_rows() if row[0].value == "Ansvar")
    assert header[0].fill.start_color.rgb.endswith("005A9C")
    assert header[0].font.color.rgb.endswith("FFFFFF")  # white on the dark blue
    pale = load_workbook(io.BytesIO(render_xlsx(themed(report, colour="#f5e663"))))["Status"]
    header = next(row for row in pale.iter_rows() if row[0].value == "Ansvar")
    assert header[0].font.color.rgb.endswith("000000")  # black on a pale yellow


def word_template(tmp_path: Path, *, dotx: bool) -> bytes:
    """A small municipality template: its own heading colour, a style of its own, header and footer."""
    template = docx.Document()
    template.styles["Heading 2"].font.color.rgb = RGBColor(0x7A, 0x00, 0x33)
    template.styles.add_style("Kommunens brødtekst", 1)
    template.sections[0].header.paragraphs[0].text = "Levanger kommune – mal"
    template.sections[0].footer.paragraphs[0].text = "Rådhuset, 7600 Levanger"
    template.add_paragraph("Malens eksempeltekst som ikke skal med")
    buf = io.BytesIO()
    template.save(buf)
    if not dotx:
        return buf.getvalue()
    out = io.BytesIO()  # a .dotx is the same package with the template content type
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            zout.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("dotx", [True, False])
def test_word_builds_on_the_municipalitys_template(report, tmp_path, dotx):
    template = word_template(tmp_path, dotx=dotx)
    word = docx.Document(io.BytesIO(render_docx(themed(report, colour=COLOUR, word_template=template))))
    texts = [p.text for p in word.paragraphs]
    assert "Malens eksempeltekst som ikke skal med" not in texts and "Testvik kommune" in texts
    assert word.sections[0].header.paragraphs[0].text == "Levanger kommune – mal"
    assert word.sections[0].footer.paragraphs[0].text == "Rådhuset, 7600 Levanger"
    assert "Kommunens brødtekst" in [s.name for s in word.styles]
    assert word.styles["Heading 2"].font.color.rgb == RGBColor(0x7A, 0x00, 0x33)  # the template's, not the theme's
    assert word.core_properties.author == report.municipality
    assert any(p.style.name == "Caption" for p in word.paragraphs)  # our styles are there too


def test_the_document_model_carries_the_theme_as_data():
    theme = d.Theme(colour=COLOUR, logo=b"<svg/>", logo_type="image/svg+xml")
    doc = d.Document("T", "Kommune", date(2024, 4, 30), theme=theme)
    assert doc.theme.logo == b"<svg/>" and d.Document("T", "K", date(2024, 4, 30)).theme == d.Theme()
