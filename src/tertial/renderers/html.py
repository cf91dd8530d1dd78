"""HTML renderer: one self-contained file (styles inline, no external assets), accessible markup
(lang nb-NO, caption, th scope, charts as figures with a caption and a text alternative), printable.
Reads only core.document."""

import base64
import re
from html import escape

from tertial.core import document as d
from tertial.core.status import RowKind, StatusRow

from . import numbers as nb
from . import text as tx
from .charts import chart_svg, description_text
from .theme import theme_colour, theme_font_name

CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { font-size: 1.3rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-bottom: .3rem; } h4 { font-size: 1rem; margin: 1rem 0 .2rem; }
.meta { color: #4a4a4a; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .92rem; }
caption { text-align: left; font-weight: bold; padding-bottom: .3rem; }
caption span { font-weight: normal; color: #4a4a4a; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #c8c8c8; vertical-align: top; }
thead th { border-bottom: 2px solid #1a1a1a; text-align: right; } thead th:first-child { text-align: left; }
thead th.text { text-align: left; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.sector th, tr.sector td { font-weight: bold; background: #f3f5f8; }
tr.total th, tr.total td { font-weight: bold; border-top: 2px solid #1a1a1a; border-bottom: 3px double #1a1a1a; }
tbody th { text-align: left; font-weight: normal; }
.neg { color: #b00020; }
.note { color: #4a4a4a; font-size: .9rem; }
.warning { border: 2px solid #b00020; padding: .5rem 1rem; background: #fff4f4; }
.signature { margin-top: 3rem; } .signature p { margin: 0; }
figure.chart { margin: 1.5rem 0; } figure.chart figcaption { font-weight: bold; margin-bottom: .4rem; }
svg.chart { display: block; width: 100%; max-width: 40rem; height: auto; }
figure.chart p { margin: .3rem 0 0; }
@media print { body { margin: 0; max-width: none; } tr { page-break-inside: avoid; break-inside: avoid; }
               thead { display: table-header-group; } figure.chart { break-inside: avoid; } }
"""

COVER_CSS = """
.cover { text-align: left; }
.cover img.logo { max-height: 5rem; max-width: 14rem; display: block; margin-bottom: 2rem; }
.cover-municipality { font-size: 1.2rem; margin: 0 0 3rem; } .cover h1 { font-size: 2.2rem; margin: 0 0 .5rem; }
.subtitle { font-size: 1.1rem; } .cover-date { margin-top: 2rem; } .case-number .blank { letter-spacing: .1em; }
.edition { border: 2px solid #b00020; color: #b00020; padding: .3rem .6rem; display: inline-block; font-weight: bold; }
nav.toc ol { list-style: none; padding: 0; } nav.toc li { margin: .3rem 0; }
"""


def theme_css(theme: d.Theme) -> str:
    """The graphic profile: headings and table headers in the municipality's colour, its font first
    (the PDF adds the @font-face from the font bytes)."""
    css = ""
    colour = theme_colour(theme)
    if colour:
        css += (
            f"h1, h2, h3 {{ color: {colour}; }} "
            f"thead th {{ border-bottom-color: {colour}; }} "
            f"tr.total th, tr.total td {{ border-top-color: {colour}; }}\n"
        )
    name = theme_font_name(theme)
    if name:
        css += f'body {{ font-family: "{name}", "DejaVu Sans", Arial, sans-serif; }}\n'
    return css


# On screens only (not in the PDF: WeasyPrint knows neither sticky nor overflow-x): tables scroll sideways
# in their own region on a phone, the first column stays in view.
SCREEN_CSS = """
.table-scroll { overflow-x: auto; max-width: 100%; margin: 1rem 0; } .table-scroll > table { margin: 0; }
.table-scroll tr > :first-child { position: sticky; left: 0; background: #fff; }
.table-scroll tr.sector > :first-child { background: #f3f5f8; }
@media (max-width: 767.98px) { body { margin: 1rem auto; } .table-scroll tbody th { min-width: 8rem; } }
@media print { .table-scroll { overflow: visible; } .table-scroll tr > :first-child { position: static; } }
"""


def _runs(runs: tuple[d.Run, ...]) -> str:
    return _lines("".join(nb.run_text(r) for r in runs))


def _lines(text: str) -> str:
    """Escaped text whose line breaks stay line breaks."""
    return "<br>".join(escape(line) for line in text.replace("\r\n", "\n").split("\n"))


def _paras(text: str) -> str:
    """Paragraphs as <p>, the line breaks inside a paragraph as <br> (text.paragraphs)."""
    return "".join("<p>" + "<br>".join(escape(line) for line in p) + "</p>" for p in tx.paragraphs(text))


def _num_cell(text: str, negative: bool = False) -> str:
    cls = "num neg" if negative else "num"
    return f'<td class="{cls}">{escape(text)}</td>'


def _status_row(r: StatusRow) -> str:
    cls = {RowKind.UNIT: "unit", RowKind.SECTOR: "sector", RowKind.TOTAL: "total"}[r.kind]
    label = r.label
    note = "" if r.forecast_reported else ' <span class="note">(prognose ikke meldt)</span>'
    return (
        f'<tr class="{cls}"><th scope="row">{escape(label)}{note}</th>'
        + _num_cell(nb.thousands(r.actual))
        + _num_cell(nb.thousands(r.budget))
        + _num_cell(nb.percent(r.usage_percent))
        + _num_cell(nb.thousands(r.forecast))
        + _num_cell(nb.thousands(r.deviation), r.overspend)
        + "</tr>"
    )


def status_table_html(block: d.StatusTableBlock) -> str:
    year = block.table.period.year
    month = block.table.period.month_name
    head = (
        "<thead><tr>"
        '<th scope="col">Ansvar</th>'
        f'<th scope="col" class="num">Regnskap {escape(month)} {year}</th>'
        f'<th scope="col" class="num">Budsjett inkl. endring {year}</th>'
        '<th scope="col" class="num">Forbruk</th>'
        '<th scope="col" class="num">Prognose</th>'
        '<th scope="col" class="num">Avvik</th>'
        "</tr></thead>"
    )
    body = "".join(_status_row(r) for r in block.table.rows)
    return (
        f'<table class="status"><caption>{escape(block.caption)} <span>({escape(block.unit_label)})</span></caption>'
        f"{head}<tbody>{body}</tbody></table>"
        '<p class="note">Avvik = budsjett − prognose; negativt avvik er merforbruk. '
        "Delsummer og total er summert av eksakte beløp før avrunding.</p>"
    )


def _dev_row(label: str, ore: int, cls: str = "", extra_cell: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<tr{attr}><th scope="row">{escape(label)}</th>{extra_cell}{_num_cell(nb.thousands(ore), ore < 0)}</tr>'


def _central(block: d.CentralItemsBlock) -> str:
    rows = "".join(_dev_row(c.text, c.deviation, extra_cell=f"<td>{escape(c.category)}</td>") for c in block.items)
    net = block.net
    foot = (
        _dev_row("Avvik enhetene", net.unit_deviation, extra_cell="<td></td>")
        + _dev_row("Avvik sentrale poster", net.central_deviation, extra_cell="<td></td>")
        + _dev_row("Netto prognose (avvik)", net.net, "total", extra_cell="<td></td>")
    )
    return (
        '<table class="central"><caption>Sentrale poster '
        "<span>(avvik, tall i 1000 kr; positivt bedrer resultatet)</span></caption>"
        '<thead><tr><th scope="col">Post</th><th scope="col" class="text">Kategori</th>'
        '<th scope="col" class="num">Avvik</th></tr></thead>'
        f"<tbody>{rows}</tbody><tfoot>{foot}</tfoot></table>"
    )


def _unit_comment(v: d.UnitCommentView) -> str:
    c = v.comment
    out = [f"<h4>{escape(v.code)} {escape(v.name)}</h4>"]
    if c.cause:
        out.append(_paras(c.cause))
    out.extend(_figure_table(t) for t in v.tables)  # between the cause and the rest, as the source prints it
    items = []
    for m in c.measures:
        body, extra, end = tx.measure_parts(m.text, nb.measure_facts(m))
        tail = f' <span class="note">{escape(extra)}</span>{escape(end)}' if extra else ""
        items.append(f"<li>{_lines(body)}{tail}</li>")
    measures = f"<ul>{''.join(items)}</ul>" if items else ""
    lead_in = tx.measures_after_cause(c.cause)
    if lead_in:  # the cause's last line leads in to the list: the list follows it, then the rest
        out.append(measures)
    if c.text:
        out.append(_paras(c.text))
    if measures and not lead_in:
        out.append(f"<p><strong>Tiltak:</strong></p>{measures}")
    if c.consequence:
        label, text = tx.consequence(c.consequence)
        out.append(f"<p><strong>{escape(label)}</strong> {_lines(text)}</p>")
    return "".join(out)


def _figure_table(block: d.FigureTable) -> str:
    """A content table (sick leave, indicators): text first column, figures right-aligned."""
    # An empty corner cell is a <td>: a header without text is announced as nothing (axe: empty-table-header).
    corner = f'<th scope="col" class="text">{escape(block.label_header)}</th>' if block.label_header else "<td></td>"
    head = corner + "".join(f'<th scope="col" class="num">{escape(c)}</th>' for c in block.columns)
    rows = "".join(
        f'<tr class="{escape(r.kind)}"><th scope="row">{escape(r.label)}</th>'
        + "".join(_num_cell(nb.figure(f)) for f in r.cells)
        + "</tr>"
        for r in block.rows
    )
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in block.notes)
    return (
        f"<table><caption>{escape(block.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>{notes}"
    )


def _comments(block: d.CommentsBlock) -> str:
    out = []
    for s in block.sectors:
        out.append(f"<h3>{escape(s.name)}</h3>")
        if s.comment:
            out.append(_paras(s.comment.text))
        out.extend(_unit_comment(u) for u in s.units)
    return "".join(out)


def _warning(block: d.CheckWarning) -> str:
    items = "".join(f"<li>{escape(str(m))}</li>" for m in block.mismatches)
    return (
        '<div class="warning" role="alert"><p><strong>Advarsel:</strong> rapporten er laget selv om '
        f"kontrollen fant {len(block.mismatches)} avvik i tallene:</p><ul>{items}</ul></div>"
    )


_SVG_TITLE = re.compile(r"(<title id=\"[^\"]*\">)(.*?)(</title>)", re.DOTALL)


def _chart(block: d.Chart, n: int, alt_in_title: bool = False) -> str:
    """A chart as a figure: caption, the SVG (role="img", named by its <title> and <desc>), and the
    text alternative printed under it. `alt_in_title` (the PDF): a tagged PDF takes a figure's
    alternative text from the SVG's <title> alone, so the title then carries the description too."""
    ident = f"diagram{n}"
    svg = chart_svg(block, ident)
    if alt_in_title:
        alt = f"{block.title}. {description_text(block.description)}"
        svg = _SVG_TITLE.sub(lambda m: m.group(1) + escape(alt) + m.group(3), svg, count=1)
    note = f'<p class="note">{escape(block.note)}</p>' if block.note else ""
    return (
        f'<figure class="chart"><figcaption>{escape(block.title)}</figcaption>{svg}'
        f'<p class="note">{_runs(block.description)}</p>{note}</figure>'
    )


def _logo(theme: d.Theme, municipality: str) -> str:
    """The municipality's logo as a data: URL image (the HTML stays one self-contained file)."""
    if not theme.logo or theme.logo_type not in ("image/svg+xml", "image/png"):
        return ""
    data = base64.b64encode(theme.logo).decode("ascii")
    return f'<img class="logo" src="data:{theme.logo_type};base64,{data}" alt="{escape(municipality)}">'


def _cover(block: d.Cover, theme: d.Theme) -> str:
    edition = f'<p class="edition">{escape(block.edition_note)}</p>' if block.edition_note else ""
    subtitle = f'<p class="subtitle">{escape(block.subtitle)}</p>' if block.subtitle else ""
    return (
        f'<section class="cover">{_logo(theme, block.municipality)}'
        f'<p class="cover-municipality">{escape(block.municipality)}</p>'
        f"<h1>{escape(block.title)}</h1>{subtitle}"
        f'<p class="cover-date">Per {escape(nb.date_nb(block.period_end))}</p>'
        f'<p class="case-number">{escape(block.case_number_label)}: '
        '<span class="blank">__________</span></p>'
        f"{edition}</section>"
    )


def _chapters(doc: d.Document) -> list[tuple[int, str]]:
    """(block index, text) of every chapter heading (level 2) after the table of contents."""
    start = next((n for n, b in enumerate(doc.blocks) if isinstance(b, d.Contents)), len(doc.blocks))
    return [(n, b.text) for n, b in enumerate(doc.blocks) if n > start and isinstance(b, d.Heading) and b.level == 2]


def _contents(block: d.Contents, doc: d.Document) -> str:
    """The chapters with links; the PDF fills in each page number (CSS target-counter)."""
    items = "".join(
        f'<li><a href="#kap-{n}"><span class="toc-text">{escape(text)}</span></a></li>' for n, text in _chapters(doc)
    )
    title = f'<h2 id="toc-title">{escape(block.title)}</h2>'
    return f'<nav class="toc" aria-labelledby="toc-title">{title}<ol>{items}</ol></nav>'


def _block(block: d.Block, n: int = 0, alt_in_title: bool = False, doc: d.Document | None = None) -> str:
    """The one place that maps each block type to HTML; `n` (the block's index) makes ids unique."""
    match block:
        case d.Heading(text=text, level=level):
            ident = f' id="kap-{n}"' if level == 2 else ""
            return f"<h{level}{ident}>{escape(text)}</h{level}>"
        case d.Cover():
            return _cover(block, doc.theme if doc else d.Theme())
        case d.Contents():
            return _contents(block, doc) if doc else ""
        case d.PageBreak():
            return '<div class="page-break"></div>'
        case d.Paragraph(runs=runs):
            return f"<p>{_runs(runs)}</p>"
        case d.ItemList(items=items):
            return "<ul>" + "".join(f"<li>{_runs(i)}</li>" for i in items) + "</ul>"
        case d.StatusTableBlock():
            return status_table_html(block)
        case d.CentralItemsBlock():
            return _central(block)
        case d.CommentsBlock():
            return _comments(block)
        case d.Signature(name=name, title=title):
            return f'<div class="signature"><p>{escape(name)}</p><p>{escape(title)}</p></div>'
        case d.CheckWarning():
            return _warning(block)
        case d.DeviationChart() | d.MonthlyProfileChart() | d.TrendChart() | d.WaterfallChart():
            return _chart(block, n, alt_in_title)
        case d.FigureTable():
            return _figure_table(block)
    raise TypeError(f"Ukjent blokk i rapporten: {type(block).__name__}")


def _scrollable_tables(body: str) -> str:
    """Each table in its own horizontally scrolling region, so a wide table never widens a phone's page:
    focusable and named by the table's caption (every table here has one), as axe-core requires."""
    parts = body.split("<table")
    out = [parts[0]]
    for n, part in enumerate(parts[1:], start=1):
        part = part.replace("<caption", f'<caption id="table-{n}"', 1).replace("</table>", "</table></div>", 1)
        out.append(f'<div class="table-scroll" role="region" aria-labelledby="table-{n}" tabindex="0"><table{part}')
    return "".join(out)


def render_html(doc: d.Document, *, extra_css: str = "", alt_in_title: bool = False, screen: bool = True) -> str:
    """One self-contained page. `extra_css` is appended to the stylesheet (the PDF adds its page rules);
    `alt_in_title` puts each chart's whole text alternative in its SVG <title> (for the tagged PDF); `screen`
    (not for the PDF) puts each table in a region that scrolls sideways on a phone."""
    body = "".join(_block(b, n, alt_in_title, doc) for n, b in enumerate(doc.blocks))
    if screen:
        body, extra_css = _scrollable_tables(body), SCREEN_CSS + extra_css
    extra_css = theme_css(doc.theme) + extra_css
    has_cover = any(isinstance(b, d.Cover) for b in doc.blocks)
    edition = d.EDITION_NOTES[doc.edition]
    head = (
        ""
        if has_cover
        else f'<h1>{escape(doc.title)}</h1><p class="meta">{escape(doc.municipality)}</p>'
        + (f'<p class="edition">{escape(edition)}</p>' if edition else "")
    )
    return (
        '<!doctype html>\n<html lang="nb-NO"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(doc.title)} – {escape(doc.municipality)}</title>"
        f'<meta name="author" content="{escape(doc.municipality)}">'
        f'<meta name="description" content="{escape(doc.title)}, {escape(doc.municipality)}, '
        f'per {escape(nb.date_nb(doc.period_end))}">'
        f'<meta name="dcterms.created" content="{doc.period_end.isoformat()}">'
        f"<style>{CSS}{COVER_CSS}{extra_css}</style></head>"
        f"<body><main>{head}{body}</main>"
        "</body></html>\n"
    )
