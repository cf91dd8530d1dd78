"""The HTML report: one self-contained file with the charts inline."""

import pytest

from tertial.core import document as d
from tertial.renderers.html import render_html

NBSP = "\u00a0"


def test_html_is_self_contained_and_norwegian(report):
    html = render_html(report)
    assert html.startswith('<!doctype html>\n<html lang="nb-NO">')
    assert "<link" not in html and "<script" not in html and "src=" not in html


def test_charts_are_inline_svg_figures_with_caption_and_text_alternative(report):
    html = render_html(report)
    assert html.count('<figure class="chart">') == 2
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 2
    assert 'aria-labelledby="diagram5-t diagram5-d"' in html  # ids from the block's position: unique
    assert "<figcaption>Avvik per enhet pr. 31.03.2024</figcaption>" in html


def test_a_forced_report_shows_the_warning_first(forced_report):
    html = render_html(forced_report)
    assert html.index('<div class="warning" role="alert">') < html.index('<table class="status">')
    assert "kontrollen fant 1 avvik i tallene" in html


def test_an_unknown_block_is_refused_with_its_name(report):
    class Sykefravaer:
        pass

    broken = d.Document(report.title, report.municipality, report.period_end, (*report.blocks, Sykefravaer()))
    with pytest.raises(TypeError, match="Ukjent blokk i rapporten: Sykefravaer"):
        render_html(broken)
