"""Chart blocks built in core, and their SVG and PNG drawings."""

import io
import re
from dataclasses import replace

import pytest
from PIL import Image

from tertial.core import document as d
from tertial.core.report import deviation_chart_build, monthly_profile_build
from tertial.core.status import StatusTable
from tertial.renderers.charts import BLUE, RED, chart_png, chart_svg, description_text

from .conftest import M, synthetic_report

NBSP = "\u00a0"


def charts(doc: d.Document) -> tuple[d.DeviationChart, d.MonthlyProfileChart]:
    dev = next(b for b in doc.blocks if isinstance(b, d.DeviationChart))
    prof = next(b for b in doc.blocks if isinstance(b, d.MonthlyProfileChart))
    return dev, prof


def test_deviation_chart_puts_the_largest_overspend_first_and_leaves_out_units_on_budget(report):
    dev, _ = charts(report)
    table = next(b for b in report.blocks if isinstance(b, d.StatusTableBlock)).table
    values = [b.value for b in dev.bars]
    assert values == sorted(values)
    assert len(dev.bars) == len([u for u in table.units if u.deviation != 0])
    assert "uten avvik er ikke vist" in dev.note


def test_deviation_chart_is_left_out_when_every_unit_is_on_budget(report):
    table = next(b for b in report.blocks if isinstance(b, d.StatusTableBlock)).table
    on_budget = StatusTable(table.period, tuple(replace(r, forecast=r.budget) for r in table.rows))
    assert deviation_chart_build(on_budget) is None


def test_budget_profile_is_budget_times_month_over_twelve_and_actuals_are_cumulative(report):
    table = next(b for b in report.blocks if isinstance(b, d.StatusTableBlock)).table
    total = table.total.actual
    jan, feb = total // 4, total // 2
    chart = monthly_profile_build(table, {1: jan, 2: feb, 3: total - jan - feb})
    assert [p.actual for p in chart.points[:4]] == [jan, jan + feb, total, None]
    assert chart.points[11].budget_profile == table.total.budget
    assert chart.points[5].budget_profile == table.total.budget // 2
    assert "budsjett × måned / 12" in chart.note


def test_a_periodised_budget_replaces_the_even_profile(report):
    table = next(b for b in report.blocks if isinstance(b, d.StatusTableBlock)).table
    chart = monthly_profile_build(table, {1: table.total.actual}, monthly_budget={m: 2 * M for m in range(1, 13)})
    assert chart.points[2].budget_profile == 6 * M
    assert chart.note == "Budsjettprofilen er periodisert budsjett."


def test_no_monthly_actuals_means_no_profile_chart(report):
    table = next(b for b in report.blocks if isinstance(b, d.StatusTableBlock)).table
    assert monthly_profile_build(table, {}) is None


def test_monthly_actuals_that_contradict_the_table_give_no_chart(report):
    table = next(b for b in report.blocks if isinstance(b, d.StatusTableBlock)).table
    assert monthly_profile_build(table, {1: table.total.actual + 1}) is None


def test_svg_has_a_title_and_a_text_alternative_and_draws_overspend_in_red(report):
    dev, _ = charts(report)
    svg = chart_svg(dev, "x")
    assert 'role="img"' in svg and 'aria-labelledby="x-t x-d"' in svg
    assert f'<title id="x-t">{dev.title}</title>' in svg
    assert '<desc id="x-d">Avvik mellom budsjett og prognose per enhet' in svg
    fills = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', svg)
    # one bar per unit, and one swatch each in the legend that explains the sign convention
    assert fills.count(RED) == sum(b.value < 0 for b in dev.bars) + 1
    assert fills.count(BLUE) == sum(b.value > 0 for b in dev.bars) + 1
    assert ">merforbruk (over budsjett)<" in svg and ">mindreforbruk (under budsjett)<" in svg


def test_chart_labels_use_the_norwegian_number_formatter(report):
    dev, prof = charts(report)
    assert "\u2212500" in chart_svg(dev)
    profile = chart_svg(prof)
    assert ">mill. kr<" in profile  # the y axis says its unit once; its ticks are plain figures
    assert re.search(r">[1-9]\d*<", profile) and f"{NBSP}mill.<" not in profile
    assert f"{NBSP}mill." in description_text(prof.description)


def test_png_is_drawn_at_two_and_a_half_times_the_svg_size(report):
    for chart in charts(report):
        img = Image.open(io.BytesIO(chart_png(chart)))
        width = int(re.search(r'width="(\d+)"', chart_svg(chart)).group(1))
        assert img.format == "PNG" and img.width == round(width * 2.5)


def test_a_municipality_with_two_hundred_units_gets_the_thirty_largest_deviations_so_the_chart_fits_a_page():
    dev, _ = charts(synthetic_report(units=200, sectors=8))
    assert chart_svg(dev).count("<rect") - 2 == len(dev.bars) == 30  # and the legend's two swatches
    assert "Viser de 30 største avvikene; 103 enheter med mindre avvik er ikke vist." in dev.note
    assert "67 enheter uten avvik er ikke vist." in dev.note


def test_an_unknown_chart_type_is_refused():
    from tertial.renderers.charts import chart_scene

    with pytest.raises(TypeError, match="Ukjent diagram"):
        chart_scene(object())
