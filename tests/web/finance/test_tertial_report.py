"""The finance section in the Levanger demo's 1st tertial report (SYNTHETIC portfolio pr. 30.04.2024)."""

from tertial.core.document import Heading, ItemList
from tertial.renderers.html import render_html
from tertial.renderers.numbers import NBSP
from tertial.web.reports.documents import tertial_report_document


def test_the_first_tertial_report_has_the_finance_section_with_the_fixed_share_breach(levanger):
    document = tertial_report_document(year=2024, tertial=1, force=True)
    start = document.blocks.index(Heading("Finansforvaltning"))
    breaches = next(b for b in document.blocks[start:] if isinstance(b, ItemList))
    assert len(breaches.items) == 1
    html = render_html(document)
    assert f"Andel fast rente er 28,3{NBSP}%, under minimum 33,0{NBSP}% i finansreglementet." in html
    assert "Andel fast rente: BRUDD" in html
