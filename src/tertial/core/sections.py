"""Free report sections: a title and rich text, sanitised to a small safe HTML subset.

Text arrives either as HTML (from the editor or an import) or as plain text with blank lines
between paragraphs, "- " or "• " bullets and «» quotes kept as they are. Both end as HTML that has
only the tags below and no attributes beyond a link's href (http/https/mailto), so that a section can
go into the report in every format without script, style or event handlers. nh3 (the Rust ammonia
sanitiser) does the sanitising; this module decides the subset.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import nh3

from .document import Block, FigureTable, Heading, ItemList, Paragraph, Run

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h3", "h4", "blockquote", "a"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class Section:
    title: str
    html: str  # sanitised
    order: int = 0
    decision_reference: str = ""  # e.g. "KS 29.11.2023, verbalforslag"
    decision_url: str = ""  # the decision in the register, when it is there
    placement: str = ""  # "" (in order, after the plans) | PLACE_INTRO | PLACE_SICK_LEAVE


# Where a section stands in the report when not among the free sections (data, from the import's
# «plassering»): in the opening paragraph after its first sentence, or under the sick-leave table.
PLACE_INTRO = "innledning"
PLACE_SICK_LEAVE = "sykefravær"
PLACEMENTS = ("", PLACE_INTRO, PLACE_SICK_LEAVE)


LINK_RULE = "lenken må begynne med https://, http:// eller / (en adresse på dette nettstedet)"


def link_problem(url: str) -> str | None:
    """The one rule for a section's decision link (the importer and the web form both ask here): empty,
    http(s):// or a path on this site; never javascript:, data: or a protocol-relative //host. None when
    the link is allowed, else what is wrong, in Norwegian. `url` is taken as it will be stored (stripped)."""
    if not url or url.startswith(("https://", "http://")) or (url.startswith("/") and not url.startswith("//")):
        return None
    return LINK_RULE


def sanitise(html: str) -> str:
    """Only the safe subset survives; script and style elements go together with their content."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    ).strip()


def _is_bullet(line: str) -> bool:
    return line.lstrip().startswith(("- ", "• ", "* "))


def text_to_html(text: str) -> str:
    """Plain text → paragraphs and bullet lists (blank line between paragraphs; one line per bullet)."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if all(_is_bullet(ln) for ln in lines):
            items = "".join(f"<li>{escape(ln.lstrip()[2:].strip(), quote=False)}</li>" for ln in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>".join(escape(ln.strip(), quote=False) for ln in lines) + "</p>")
    return "".join(out)


def section_html(*, text: str = "", html: str = "") -> str:
    """The sanitised HTML of a section given as HTML (preferred) or as plain text."""
    return sanitise(html if html.strip() else text_to_html(text))


def html_blocks(html: str) -> list[tuple[str, str]]:
    """A sanitised section as (kind, text) blocks for the formats that are not HTML (DOCX, XLSX):
    kind is "p", "li" or "h"; inline markup is dropped, text kept."""
    from html.parser import HTMLParser

    blocks: list[tuple[str, str]] = []

    class _Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.kind = "p"
            self.buf: list[str] = []

        def flush(self) -> None:
            text = " ".join("".join(self.buf).split())
            if text:
                blocks.append((self.kind, text))
            self.buf = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in {"p", "li", "h3", "h4", "blockquote"}:
                self.flush()
                self.kind = "li" if tag == "li" else "h" if tag in {"h3", "h4"} else "p"
            elif tag == "br":
                self.buf.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in {"p", "li", "h3", "h4", "blockquote", "ul", "ol"}:
                self.flush()
                self.kind = "p"

        def handle_data(self, data: str) -> None:
            self.buf.append(data)

    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return blocks


def section_blocks(section: Section, tables: Sequence[FigureTable] = ()) -> list[Block]:
    """A section in the report as plain document blocks (every renderer knows them): heading, the
    decision it answers, paragraphs, sub-headings and bullet lists, then its attached tables."""
    blocks: list[Block] = [Heading(section.title, 2)]
    if section.decision_reference:
        blocks.append(Paragraph((f"Svar på politisk vedtak: {section.decision_reference}",)))
    items: list[tuple[Run, ...]] = []
    for kind, text in html_blocks(section.html):
        if kind == "li":
            items.append((text,))
            continue
        if items:
            blocks.append(ItemList(tuple(items)))
            items = []
        blocks.append(Heading(text, 3) if kind == "h" else Paragraph((text,)))
    if items:
        blocks.append(ItemList(tuple(items)))
    blocks.extend(tables)
    return blocks
