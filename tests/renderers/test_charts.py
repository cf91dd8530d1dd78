"""Chart blocks built in core, and their SVG and PNG drawings."""

import io
import itertools
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from PIL import Image

from tertial.core import document as d
from tertial.core.projection import ProjectionChartSeries
from tertial.core.report import deviation_chart_build, monthly_profile_build
from tertial.core.rounds import ytd_profile
from tertial.core.status import StatusTable
from tertial.renderers.charts import (
    BLUE,
    MONTHS_NB,
    RED,
    UNIT_NARROW,
    UNIT_WIDE,
    Text,
    _text_width,
    chart_png,
    chart_svg,
    chart_svg_web,
    description_text,
    scene_svg,
    unit_profile_scene,
    unit_projection_scene,
)

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
    assert chart.note.startswith("Budsjettprofilen er periodisert budsjett:")


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


# --- The unit page's charts ----------------------------------------------------------------------


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text [^>]*>([^<]*)</text>", svg)


def test_a_long_legend_label_wraps_at_words_inside_a_phone_width_chart():
    profile = ytd_profile({1: 3_100_000_00}, budget=33_389_982_00, month=1)
    label = "Periodisert budsjett hittil (fordelt som tidligere års regnskap)"
    labels = {"title": "t", "actual": "Regnskap hittil i år", "budget": label}
    scene = unit_profile_scene(profile, width=UNIT_NARROW, labels=labels)
    texts = [s for s in scene.shapes if isinstance(s, Text)]
    parts = [t for t in texts if t.text in label and t.text not in ("", "t")]
    assert " ".join(t.text for t in parts) == label  # every word kept, in order, on more than one line
    assert len({t.y for t in parts}) > 1
    assert all(t.x + _text_width(t.text, t.size) <= scene.width for t in texts if t.anchor == "start")


def test_the_unit_profile_chart_has_a_y_axis_in_its_unit_a_legend_and_scales_with_its_container():
    """235 Nesheim skole pr. 31.03.2024: YTD 10,9 mill. kr against a budget of 33,4 mill. kr."""
    profile = ytd_profile({1: 3_100_000_00, 2: 3_300_000_00, 3: 4_537_103_00}, budget=33_389_982_00, month=3)
    for width in (UNIT_WIDE, UNIT_NARROW):
        svg = scene_svg(unit_profile_scene(profile, width=width), "p")
        texts = _texts(svg)
        assert f'viewBox="0 0 {width} ' in svg and 'width="100%"' in svg and "height=" not in svg.split(">")[0]
        assert "mill. kr" in texts and "0" in texts and "10" in texts  # ticks as plain figures, unit once
        assert "Regnskap hittil i år" in texts and "Budsjettprofil hittil (1/12 per måned)" in texts
        assert [t for t in texts if t in MONTHS_NB] == ["jan", "feb", "mar"]
        assert '<title id="p-t">Regnskap hittil i år mot jevn budsjettprofil, per måned</title>' in svg
    small = ytd_profile({1: 60_000_00}, budget=720_000_00, month=1)  # 60 000 kr: an axis in 1000 kr
    texts = _texts(scene_svg(unit_profile_scene(small), "s"))
    assert "1000 kr" in texts and "60" in texts
    tiny = ytd_profile({1: 12_000_00}, budget=144_000_00, month=1)  # 12 000 kr: an axis in kr
    texts = _texts(scene_svg(unit_profile_scene(tiny), "t"))
    assert "kr" in texts and f"10{NBSP}000" in texts


def test_the_unit_projection_chart_colours_the_forecast_by_the_sign_convention():
    series = ProjectionChartSeries(
        month=3,
        actual=((1, 3_000_000_00), (2, 6_000_000_00), (3, 10_000_000_00)),
        path=((3, 10_000_000_00), (12, 38_000_000_00)),
        point=38_000_000_00,
        low=34_000_000_00,
        high=42_000_000_00,
    )
    over = scene_svg(unit_projection_scene(series, 34_089_982_00, 33_389_982_00), "o")
    assert "Enhetens prognose (over budsjett)" in _texts(over) and f'stroke="{RED}"' in over
    under = scene_svg(unit_projection_scene(series, 33_000_000_00, 33_389_982_00, width=UNIT_NARROW), "u")
    assert "Enhetens prognose (under budsjett)" in _texts(under) and f'stroke="{BLUE}"' in under
    assert f'stroke="{RED}"' not in under
    assert "mill. kr" in _texts(under) and "80 %-intervall i desember" in _texts(under)
    # the phone layout labels every other month, so the labels do not collide
    assert [t for t in _texts(under) if t in MONTHS_NB] == list(MONTHS_NB[::2])


def test_a_trend_chart_on_a_phone_has_one_legend_column_and_every_other_month_labelled():
    months = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")
    chart = d.TrendChart(
        title="Sykefravær",
        labels=months,
        series=(
            d.TrendSeries("Levanger kommune", tuple(Decimal(n) for n in range(1, 13)), emphasis=True),
            d.TrendSeries("Oppvekst og utdanning", tuple(Decimal(n + 1) for n in range(12))),
        ),
        description=("Sykefravær per måned",),
    )
    html = chart_svg_web(chart, "t")
    wide, narrow = html.split('<div class="chart-narrow">')
    assert 'class="chart-wide"' in wide and 'id="t-t"' in wide and 'id="t-m-t"' in narrow  # ids stay unique
    assert f'viewBox="0 0 {UNIT_NARROW} ' in narrow
    assert [t for t in _texts(narrow) if t in months] == list(months[::2])
    assert [t for t in _texts(wide) if t in months] == list(months)
    legend_y = [float(y) for y in re.findall(r'<text x="36" y="([\d.]+)"', narrow)]
    assert len(legend_y) == 2 and legend_y[0] < legend_y[1]  # one column: the second series below the first


def test_a_deviation_chart_on_a_phone_keeps_its_tick_labels_apart_and_can_name_its_own_signs():
    bars = tuple(d.ChartBar(f"{n} Enhet med et langt navn", v) for n, v in enumerate((-940_400_000, 1_036_700_000)))
    chart = d.DeviationChart(
        title="Prognosefeil", bars=bars, description=("x",), sign_labels=("lavere (optimistisk)", "høyere (forsiktig)")
    )
    narrow = chart_svg(chart, "n", UNIT_NARROW)
    tick_text = r'<text x="([\d.]+)" y="[\d.]+" font-size="11" text-anchor="middle"[^>]*>([^<]*)<'
    ticks = [(float(x), t) for x, t in re.findall(tick_text, narrow)]
    assert ("0" in [t for _x, t in ticks]) and len(ticks) >= 2
    for (x0, t0), (x1, t1) in itertools.pairwise(sorted(ticks)):
        assert x1 - x0 >= (len(t0) + len(t1)) / 2 * 11 * 0.6  # no two labels overlap
    texts = _texts(narrow)
    assert "lavere (optimistisk)" in texts and "høyere (forsiktig)" in texts
    assert "merforbruk (over budsjett)" not in texts
