"""PDF renderer: the HTML report laid out by WeasyPrint on A4 with a running header (municipality,
title), a "Side x av y" footer, table headers repeated on every page and no table row split across
pages. Reads only core.document; the markup is html.py's, so the two formats cannot drift apart.

Accessible (issue 18): PDF/UA-1 through WeasyPrint's `pdf_variant` — a tagged PDF (structure tree,
headings, tables with TH cells, lists, figures with their text alternative), the document language
nb-NO and the title from the HTML's `<html lang>` and `<title>`, the title shown in the window
(DisplayDocTitle), and a bookmark for every heading (chapters, sectors, units). The time it costs is
in docs/decisions.md.

`DejaVu Sans` is named in the page rule too: WeasyPrint's margin boxes do not inherit the body font
(they came out in DejaVu Serif), and naming Arial would give Liberation Sans on machines with Chromium.
"""

import base64
import logging

from tertial.core import document as d

from . import numbers as nb
from .html import render_html
from .theme import theme_font_name

# WeasyPrint logs every layout step at INFO; under the project's JSON logging that is a dozen lines per
# report on the console and in the server log. Its warnings and errors still come through.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _css_string(text: str) -> str:
    """A CSS string literal (for `content:`), with quotes, backslashes and line breaks escaped."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{out}"'


def font_face_css(theme: d.Theme) -> str:
    """The municipality's font from its bytes (a data: URL, so no file is written), named in the page
    rule too; the free default (DejaVu Sans) behind it."""
    name = theme_font_name(theme)
    if not name:
        return ""
    data = base64.b64encode(theme.font).decode("ascii")
    return (
        f'@font-face {{ font-family: "{name}"; src: url(data:font/ttf;base64,{data}); }}\n'
        f'@page {{ font-family: "{name}", "DejaVu Sans"; }}\n'
        f'body {{ font-family: "{name}", "DejaVu Sans"; }}\n'
    )


def page_css(doc: d.Document) -> str:
    header_left = _css_string(doc.municipality)
    internal = " – intern utgave" if doc.edition is d.Edition.INTERNAL else ""
    header_right = _css_string(f"{doc.title}{internal}")
    footer_left = _css_string(f"Per {nb.date_nb(doc.period_end)}")
    return f"""
@page {{
  size: A4; margin: 22mm 16mm 20mm 16mm;
  font-family: "DejaVu Sans"; font-size: 8pt; color: #4a4a4a;
  @top-left {{ content: {header_left}; font-family: "DejaVu Sans"; }}
  @top-right {{ content: {header_right}; font-family: "DejaVu Sans"; }}
  @bottom-left {{ content: {footer_left}; font-family: "DejaVu Sans"; }}
  @bottom-right {{ content: "Side " counter(page) " av " counter(pages); font-family: "DejaVu Sans"; }}
}}
@page :first {{
  @top-left {{ content: none; }} @top-right {{ content: none; }} @bottom-left {{ content: none; }}
}}
html {{ font-size: 9.5pt; }}
.page-break {{ break-after: page; }}
section.cover {{ padding-top: 30mm; break-after: page; }}
section.cover h1 {{ font-size: 26pt; }}
nav.toc {{ margin-top: 0; }} nav.toc h2 {{ margin-top: 0; }}
nav.toc li {{ margin: 4pt 0; }} nav.toc a {{ color: inherit; text-decoration: none; display: block; }}
nav.toc a::after {{ content: leader(".") target-counter(attr(href url), page); }}
body {{ font-family: "DejaVu Sans"; margin: 0; max-width: none; padding: 0; line-height: 1.35; }}
h1 {{ font-size: 18pt; margin-top: 0; }} h2 {{ font-size: 13pt; }} h3 {{ font-size: 11pt; }}
h4 {{ font-size: 10pt; }}
h1, h2, h3, h4 {{ break-after: avoid; }}
table {{ font-size: 8.5pt; }}
table.status th:first-child {{ width: 40%; }}
thead th.num {{ white-space: normal; }}
thead {{ display: table-header-group; }} tfoot {{ display: table-footer-group; }}
tr {{ break-inside: avoid; }}
caption {{ break-after: avoid; }}
table + p.note {{ break-before: avoid; }}
figure.chart {{ break-inside: avoid; }}
svg.chart {{ max-width: 100%; }}
.warning {{ break-inside: avoid; }}
.signature {{ break-inside: avoid; }}
""" + font_face_css(doc.theme)


PDF_VARIANT = "pdf/ua-1"


def _show_title(_document, pdf) -> None:
    """PDF/UA wants viewers to show the title, not the file name; WeasyPrint leaves it to us."""
    import pydyf

    prefs = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary()
    prefs["DisplayDocTitle"] = "true"
    pdf.catalog["ViewerPreferences"] = prefs


def render_pdf(doc: d.Document) -> bytes:
    from weasyprint import HTML

    html = render_html(doc, extra_css=page_css(doc), alt_in_title=True, screen=False)
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, finisher=_show_title)
