"""Charts of the report: deviation per unit (horizontal bars, overspend in red) and actuals against
the budget profile. One layout per chart, drawn as a list of shapes in pixels, written out either as
SVG (HTML and PDF) or as PNG with Pillow (DOCX).

The charts only lay out and format values that are already in the document (core.report builds the
series); scales and tick marks are drawing, not figures of the report.
"""

import io
import itertools
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape

from tertial.core import document as d
from tertial.core.projection import ProjectionChartSeries
from tertial.core.rounds import ProfilePoint
from tertial.core.text import clipped

from . import numbers as nb

FONT = "DejaVu Sans"
RED = "#b00020"  # overspend, as in the tables
BLUE = "#1f5f8b"  # underspend and actuals
GREY = "#6b6b6b"
GRID = "#d9d9d9"
INK = "#1a1a1a"
WIDTH = 640  # px; fits the A4 text width (174 mm) at 96 dpi without scaling the text down much


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 1.0
    dash: bool = False


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = 11
    anchor: str = "start"  # start | middle | end
    fill: str = INK
    bold: bool = False


Shape = Rect | Line | Text


@dataclass(frozen=True)
class Scene:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    title: str
    description: str


def _nice_step(span: float, target: int = 5) -> float:
    """A 1-2-5 step that divides `span` into about `target` intervals."""
    if span <= 0:
        return 1.0
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    for f in (1, 2, 5, 10):
        if raw <= f * power:
            return f * power
    return 10 * power


def _ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    step = _nice_step(hi - lo, target)
    start = math.floor(lo / step) * step
    stop = math.ceil(hi / step) * step
    n = round((stop - start) / step)
    return [start + i * step for i in range(n + 1)]


def _text_width(text: str, size: float) -> float:
    """A conservative estimate of DejaVu Sans text width (average advance about 0.6 em)."""
    return len(text) * size * 0.6


def _clip(text: str, size: float, width: float) -> str:
    if _text_width(text, size) <= width:
        return text
    return clipped(text, max(1, int(width / (size * 0.6)) - 1), "…")


def description_text(runs: tuple[d.Run, ...]) -> str:
    return "".join(nb.run_text(r) for r in runs)


# --- layouts -------------------------------------------------------------------------------------


def deviation_scene(chart: d.DeviationChart) -> Scene:
    size = 10.5
    row, bar = 18, 12
    top, bottom = 8, 34
    label_w = min(290.0, max(_text_width(b.label, size) for b in chart.bars) + 8)
    value_w = 64.0
    plot_l, plot_r = label_w + 8, WIDTH - value_w - 8
    values = [b.value for b in chart.bars]
    lo, hi = min(0, *values), max(0, *values)
    ticks = _ticks(lo, hi, 4)
    lo, hi = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return plot_l + (v - lo) / (hi - lo or 1) * (plot_r - plot_l)

    height = top + row * len(chart.bars) + bottom
    shapes: list[Shape] = []
    axis_y = top + row * len(chart.bars)
    for t in ticks:
        shapes.append(Line(((x(t), top), (x(t), axis_y)), GRID))
        shapes.append(Text(x(t), axis_y + 14, nb.thousands(int(t)), 9, "middle", GREY))
    for n, b in enumerate(chart.bars):
        y = top + n * row
        x0, x1 = sorted((x(0), x(b.value)))
        colour = RED if b.value < 0 else BLUE
        shapes.append(Rect(x0, y + (row - bar) / 2, max(x1 - x0, 1), bar, colour))
        shapes.append(Text(label_w, y + 13, _clip(b.label, size, label_w - 4), size, "end"))
        shapes.append(Text(WIDTH - 4, y + 13, nb.thousands(b.value), size, "end", RED if b.value < 0 else INK))
    shapes.append(Line(((x(0), top - 2), (x(0), axis_y)), INK, 1.2))
    shapes.append(Text(WIDTH - 4, height - 4, chart.unit_label, 9, "end", GREY))
    return Scene(WIDTH, height, tuple(shapes), chart.title, description_text(chart.description))


def profile_scene(chart: d.MonthlyProfileChart) -> Scene:
    height = 300
    plot_l, plot_r, plot_t, plot_b = 70.0, WIDTH - 12.0, 34.0, height - 30.0
    values = [p.budget_profile for p in chart.points] + [p.actual for p in chart.points if p.actual is not None]
    ticks = _ticks(min(0, *values), max(0, *values), 5)
    lo, hi = ticks[0], ticks[-1]

    def y(v: float) -> float:
        return plot_b - (v - lo) / (hi - lo or 1) * (plot_b - plot_t)

    slot = (plot_r - plot_l) / len(chart.points)

    def cx(i: int) -> float:
        return plot_l + slot * (i + 0.5)

    shapes: list[Shape] = []
    for t in ticks:
        shapes.append(Line(((plot_l, y(t)), (plot_r, y(t))), GRID))
        shapes.append(Text(plot_l - 6, y(t) + 3.5, nb.millions(int(t), 0), 9, "end", GREY))
    for i, p in enumerate(chart.points):
        shapes.append(Text(cx(i), plot_b + 15, p.label, 9.5, "middle", GREY))
        if p.actual is not None:
            y0, y1 = sorted((y(0), y(p.actual)))
            shapes.append(Rect(cx(i) - slot * 0.3, y0, slot * 0.6, max(y1 - y0, 1), BLUE))
    shapes.append(Line(((plot_l, y(0)), (plot_r, y(0))), INK, 1.2))
    shapes.append(Line(tuple((cx(i), y(p.budget_profile)) for i, p in enumerate(chart.points)), INK, 2, dash=True))
    # legend
    shapes.append(Rect(plot_l, 10, 12, 12, BLUE))
    shapes.append(Text(plot_l + 18, 20, "Regnskap hittil i år", 10.5))
    lx = plot_l + 18 + _text_width("Regnskap hittil i år", 10.5) + 24
    shapes.append(Line(((lx, 16), (lx + 24, 16)), INK, 2, dash=True))
    shapes.append(Text(lx + 30, 20, "Budsjettprofil (hittil i år)", 10.5))
    return Scene(WIDTH, height, tuple(shapes), chart.title, description_text(chart.description))


# Distinct on white at WCAG contrast ≥ 4.5:1, and told apart by the legend order, not colour alone.
SERIES_COLOURS = ("#00509e", "#b00020", "#2e7d32", "#6a1b9a", "#8a4b00", "#00695c", "#ad1457")


def trend_scene(chart: d.TrendChart) -> Scene:
    legend_rows = (len(chart.series) + 2) // 3
    plot_l, plot_r, plot_t = 56.0, WIDTH - 12.0, 16.0 + 18 * legend_rows
    height = int(plot_t) + 250
    plot_b = height - 30.0
    values = [float(v) for ser in chart.series for v in ser.values if v is not None]
    ticks = _ticks(0, max(values or [1.0]), 5)
    lo, hi = ticks[0], ticks[-1]

    def y(v: float) -> float:
        return plot_b - (v - lo) / (hi - lo or 1) * (plot_b - plot_t)

    slot = (plot_r - plot_l) / max(len(chart.labels), 1)

    def cx(i: int) -> float:
        return plot_l + slot * (i + 0.5)

    shapes: list[Shape] = []
    for t in ticks:
        shapes.append(Line(((plot_l, y(t)), (plot_r, y(t))), GRID))
        shapes.append(Text(plot_l - 6, y(t) + 3.5, nb.percent(Decimal(str(t)), 0), 9, "end", GREY))
    for i, label in enumerate(chart.labels):
        shapes.append(Text(cx(i), plot_b + 15, label, 9.5, "middle", GREY))
    for n, ser in enumerate(chart.series):
        colour = INK if ser.emphasis else SERIES_COLOURS[n % len(SERIES_COLOURS)]
        width = 3.0 if ser.emphasis else 1.8
        points = [(cx(i), y(float(v))) for i, v in enumerate(ser.values) if v is not None]
        if len(points) > 1:
            shapes.append(Line(tuple(points), colour, width))
        for px, py in points:
            shapes.append(Rect(px - 2.5, py - 2.5, 5, 5, colour))
        lx = 12 + (n % 3) * ((WIDTH - 24) / 3)
        ly = 14 + 18 * (n // 3)
        shapes.append(Line(((lx, ly - 4), (lx + 18, ly - 4)), colour, width))
        shapes.append(Text(lx + 24, ly, _clip(ser.label, 10, (WIDTH - 24) / 3 - 30), 10, bold=ser.emphasis))
    return Scene(WIDTH, height, tuple(shapes), chart.title, description_text(chart.description))


def waterfall_scene(chart: d.WaterfallChart) -> Scene:
    """Horizontal waterfall: a step's bar runs from the previous result to the new one; subtotals and
    the final result run from zero (dark)."""
    size = 10.5
    row, bar = 20, 12
    top, bottom = 8, 34
    label_w = min(300.0, max(_text_width(s.label, size) for s in chart.steps) + 8)
    value_w = 64.0
    plot_l, plot_r = label_w + 8, WIDTH - value_w - 8
    ends = [0] + [s.running for s in chart.steps] + [s.running - s.amount for s in chart.steps]
    ticks = _ticks(min(ends), max(ends), 4)
    lo, hi = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return plot_l + (v - lo) / (hi - lo or 1) * (plot_r - plot_l)

    height = top + row * len(chart.steps) + bottom
    axis_y = top + row * len(chart.steps)
    shapes: list[Shape] = []
    for t in ticks:
        shapes.append(Line(((x(t), top), (x(t), axis_y)), GRID))
        shapes.append(Text(x(t), axis_y + 14, nb.thousands(int(t)), 9, "middle", GREY))
    for n, s in enumerate(chart.steps):
        y = top + n * row
        start = 0 if s.total else s.running - s.amount
        x0, x1 = sorted((x(start), x(s.running)))
        colour = INK if s.total else (RED if s.amount < 0 else BLUE)
        shapes.append(Rect(x0, y + (row - bar) / 2, max(x1 - x0, 1), bar, colour))
        shapes.append(Text(label_w, y + 14, _clip(s.label, size, label_w - 4), size, "end", bold=s.total))
        shown = s.running if s.total else s.amount
        shapes.append(Text(WIDTH - 4, y + 14, nb.thousands(shown), size, "end", RED if shown < 0 else INK))
    shapes.append(Line(((x(0), top - 2), (x(0), axis_y)), INK, 1.2))
    shapes.append(Text(WIDTH - 4, height - 4, chart.unit_label, 9, "end", GREY))
    return Scene(WIDTH, height, tuple(shapes), chart.title, description_text(chart.description))


def chart_scene(chart: d.Chart) -> Scene:
    match chart:
        case d.WaterfallChart():
            return waterfall_scene(chart)
        case d.TrendChart():
            return trend_scene(chart)
        case d.DeviationChart():
            return deviation_scene(chart)
        case d.MonthlyProfileChart():
            return profile_scene(chart)
    raise TypeError(f"Ukjent diagram: {type(chart).__name__}")


# --- SVG -----------------------------------------------------------------------------------------


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _svg_shape(s: Shape) -> str:
    match s:
        case Rect():
            return f'<rect x="{_n(s.x)}" y="{_n(s.y)}" width="{_n(s.w)}" height="{_n(s.h)}" fill="{s.fill}"/>'
        case Line():
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in s.points)
            dash = ' stroke-dasharray="6 4"' if s.dash else ""
            return f'<polyline points="{pts}" fill="none" stroke="{s.stroke}" stroke-width="{_n(s.width)}"{dash}/>'
        case Text():
            weight = ' font-weight="bold"' if s.bold else ""
            return (
                f'<text x="{_n(s.x)}" y="{_n(s.y)}" font-size="{_n(s.size)}" text-anchor="{s.anchor}" '
                f'fill="{s.fill}"{weight}>{escape(s.text)}</text>'
            )
    raise TypeError(type(s).__name__)


def chart_svg(chart: d.Chart, ident: str = "diagram") -> str:
    """An inline SVG with <title> and <desc> (the text alternative), referenced by aria-labelledby."""
    scene = chart_scene(chart)
    body = "".join(_svg_shape(s) for s in scene.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {scene.width} {scene.height}" '
        f'width="{scene.width}" height="{scene.height}" aria-labelledby="{ident}-t {ident}-d" '
        f'font-family="{FONT}, sans-serif">'
        f'<title id="{ident}-t">{escape(scene.title)}</title><desc id="{ident}-d">{escape(scene.description)}</desc>'
        f"{body}</svg>"
    )


# --- PNG -----------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _font(size: float, bold: bool):
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for path in (name, f"/usr/share/fonts/truetype/dejavu/{name}"):
        try:
            return ImageFont.truetype(path, round(size))
        except OSError:
            continue
    return ImageFont.load_default(round(size))


def _dashes(points: tuple[tuple[float, float], ...], on: float, off: float):
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while pos < length:
            end = min(pos + on, length)
            yield (
                (x0 + (x1 - x0) * pos / length, y0 + (y1 - y0) * pos / length),
                (x0 + (x1 - x0) * end / length, y0 + (y1 - y0) * end / length),
            )
            pos += on + off


def chart_png(chart: d.Chart, scale: float = 2.5) -> bytes:
    """The same layout drawn with Pillow at `scale` (2.5 ≈ 240 dpi at the printed width)."""
    from PIL import Image, ImageDraw

    scene = chart_scene(chart)
    img = Image.new("RGB", (round(scene.width * scale), round(scene.height * scale)), "white")
    draw = ImageDraw.Draw(img)
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for s in scene.shapes:
        match s:
            case Rect():
                draw.rectangle(
                    (s.x * scale, s.y * scale, (s.x + s.w) * scale - 1, (s.y + s.h) * scale - 1), fill=s.fill
                )
            case Line():
                pts = tuple((x * scale, y * scale) for x, y in s.points)
                width = max(1, round(s.width * scale))
                if s.dash:
                    for seg in _dashes(pts, 6 * scale, 4 * scale):
                        draw.line(seg, fill=s.stroke, width=width)
                else:
                    draw.line(pts, fill=s.stroke, width=width)
            case Text():
                draw.text(
                    (s.x * scale, s.y * scale),
                    s.text,
                    fill=s.fill,
                    font=_font(s.size * scale, s.bold),
                    anchor=anchors[s.anchor],
                )
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


# --- The unit page's inline SVG charts: geometry only, drawn by the template -----------------------


UNIT_BAR_HEIGHT = 150  # px of the tallest bar in the unit page's SVG chart


def unit_profile_bars(profile: tuple[ProfilePoint, ...]) -> list[dict]:
    """Bar geometry (pixels) for the unit page's inline SVG chart: YTD actuals beside the YTD budget
    profile (core.rounds.ytd_profile); the template draws the bars."""
    top = max([abs(p.actual_ytd) for p in profile] + [abs(p.budget_ytd) for p in profile] + [1])
    bars = []
    for i, p in enumerate(profile):
        a = round(UNIT_BAR_HEIGHT * max(p.actual_ytd, 0) / top)
        b = round(UNIT_BAR_HEIGHT * max(p.budget_ytd, 0) / top)
        x = 40 + i * 60
        bars.append({"point": p, "x": x, "x2": x + 22, "xl": x + 22, "a": a, "ay": 160 - a, "b": b, "by": 160 - b})
    return bars


PCHART_W, PCHART_H, PCHART_LEFT, PCHART_TOP, PCHART_STEP = 560, 220, 50, 15, 40


def unit_projection_geometry(series: ProjectionChartSeries, forecast: int | None, budget: int) -> dict:
    """Pixel geometry for the unit page's projection chart (core.projection_chart_series): month 1..12
    on x, øre on y (the scale includes 0); the template draws it."""
    values = [*series.values(), budget, 0, *([forecast] if forecast is not None else [])]
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1
    height = PCHART_H - PCHART_TOP - 30

    def x(m: int) -> int:
        return PCHART_LEFT + (m - 1) * PCHART_STEP

    def y(v: int) -> int:
        return PCHART_TOP + round(height * (hi - v) / span)

    band = None
    if series.low is not None and series.high is not None:
        band = {"x": x(12) - 6, "y": y(series.high), "h": max(y(series.low) - y(series.high), 1)}
    return {
        "width": PCHART_W,
        "height": PCHART_H,
        "x0": PCHART_LEFT,
        "x12": x(12),
        "zero": y(0),
        "actual": " ".join(f"{x(m)},{y(v)}" for m, v in series.actual),
        "path": " ".join(f"{x(m)},{y(v)}" for m, v in series.path),
        "point": {"x": x(12), "y": y(series.point)},
        "band": band,
        "forecast": y(forecast) if forecast is not None else None,
        "budget": y(budget),
        "months": [{"m": m, "x": x(m)} for m in range(1, 13)],
        "label_y": PCHART_H - 8,
    }


def unit_profile_width(profile: tuple[ProfilePoint, ...]) -> int:
    """The width (px) of the unit page's bar chart of `profile`."""
    return 60 * len(profile) + 60
