"""Text fidelity (issue 18): the seed's comments and sections, imported as the demo does
(src/tertial/demo/levanger/comments_202403.json, sections_202403.json), come out of the report in
the seed's wording — every paragraph whitespace-normalised, in order, line breaks kept, a list
under its lead-in, no label doubled, nothing cut and no «., iverksatt» run-ons."""

import io
import json
import re
from html import unescape
from pathlib import Path

import docx
import pytest

from tertial.core.sections import html_blocks
from tertial.renderers.docx import render_docx
from tertial.renderers.html import render_html
from tertial.renderers.text import paragraphs
from tertial.web.reports.documents import status_report_document

DEMO = Path(__file__).parents[3] / "src" / "tertial" / "demo" / "levanger"


def squeeze(text: str) -> str:
    return " ".join(text.split())


def seed_comments() -> list[dict]:
    return json.loads((DEMO / "comments_202403.json").read_text(encoding="utf-8"))


def seed_paragraphs(item: dict) -> list[str]:
    """A unit's paragraphs in the seed's order: cause, measures, the rest, the consequence."""
    out = [squeeze(" ".join(p)) for p in paragraphs(item.get("arsak") or "")]
    out += [squeeze(m["tekst"]) for m in item.get("tiltak") or []]
    out += [squeeze(" ".join(p)) for p in paragraphs(item.get("tekst") or "")]
    out += [squeeze(item["konsekvens"])] if item.get("konsekvens") else []
    return out


@pytest.fixture
def html_text(levanger):
    html = render_html(status_report_document(year=2024, month=3))
    text = unescape(re.sub(r"<[^>]+>", " ", html.replace("<br>", "\n")))
    return squeeze(text), html


def test_every_seed_comment_paragraph_is_in_the_report_in_the_seeds_order(html_text):
    text, _ = html_text
    missing = []
    units = [item for item in seed_comments() if "ansvar" in item]
    assert (len(units), sum(len(seed_paragraphs(u)) for u in units)) == (24, 88)  # the seed's 24 unit comments
    for item in units:
        at = 0
        for para in seed_paragraphs(item):
            found = text.find(para, at)
            if found < 0:
                missing.append((item["ansvar"], para[:80]))
            else:
                at = found + len(para)
    assert missing == []


def test_the_sections_and_the_sick_leave_commentary_are_the_seeds_paragraphs(html_text):
    text, _ = html_text
    sections = json.loads((DEMO / "sections_202403.json").read_text(encoding="utf-8"))
    from tertial.core.sections import section_html

    for s in sections:
        for _, para in html_blocks(section_html(text=s.get("tekst", ""), html=s.get("html", ""))):
            assert squeeze(para) in text, (s["tittel"], para[:80])
    assert "Så langt i 2024 ligger fraværet på et lavere nivå enn i første tertial i 2023 og 2022." in text


def test_the_235_measures_stay_under_their_lead_in_with_the_line_breaks_kept(html_text):
    _, html = html_text
    nesheim = html[html.index("<h4>235 Nesheim skole</h4>") :]
    nesheim = nesheim[: nesheim.index("<h4>", 5)]
    lead_in = nesheim.index("For å redusere overforbruket jobbes skolen med:</p><ul><li>")
    assert "<strong>Tiltak:</strong>" not in nesheim  # the unit's own lead-in, not a label of ours
    assert nesheim.index("Å begrense ytterligere innleie") > lead_in
    assert "(retten til spesialundervisning)<br>Status vikarinnleie:<br>- januar - mars 2024: 419 lærertimer" in nesheim
    assert "sykefravær. <span" in nesheim and "., iverksatt" not in html and "., (" not in html
    assert nesheim.count("Konsekvens") == 1


def test_word_keeps_the_lead_in_list_and_the_line_breaks(levanger):
    word = docx.Document(io.BytesIO(render_docx(status_report_document(year=2024, month=3))))
    texts = [p.text for p in word.paragraphs]
    i = texts.index("For å redusere overforbruket jobbes skolen med:")
    first = word.paragraphs[i + 1]
    assert first.style.name == "List Bullet" and first.text.startswith("Å begrense ytterligere innleie")
    assert "\nStatus vikarinnleie:\n- januar - mars 2024: 419 lærertimer" in first.text
    assert texts[i + 5].startswith("Styrke inntektssida") and not any(t == "Tiltak:" for t in texts[i - 3 : i + 7])
