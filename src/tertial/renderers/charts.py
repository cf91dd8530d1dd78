"""Charts of the report: deviation per unit (horizontal bars, overspend in red) and actuals against
the budget profile. One layout per chart, drawn as a list of shapes in pixels, written out either as
SVG (HTML and PDF) or as PNG with Pillow (DOCX).

The charts only lay out and format values that are already in the document (core.report builds the
series); scales and tick marks are drawing, not figures of the report.
"""

import io
import itertools
import math
from collections.abc import Callable
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
# The one sign convention of the app and the reports: over budget (merforbruk: avvik < 0, a forecast
# that rose) in OVER, under budget (mindreforbruk) in UNDER; the web's CSS uses the same two colours
# (--sign-over, --sign-under) and every chart that colours by sign says so in its legend.
RED = OVER = "#b00020"
BLUE = UNDER = "#1f5f8b"
GREY = "#595959"  # ≥ 7:1 on white: axis labels stay readable when a chart is scaled down
GRID = "#d9d9d9"
INK = "#1a1a1a"
NEUTRAL = "#4f5b66"  # actuals: a series without a sign
BAND = "#c9d3dd"  # the 80 % interval
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
    dash: bool = False  # the standard dash (6 on, 4 off)
    pattern: tuple[float, float] | None = None  # another dash (on, off), e.g. (2, 3) dotted

    @property
    def dashes(self) -> tuple[float, float] | None:
        return self.pattern or ((6, 4) if self.dash else None)


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


def _wrap(text: str, size: float, width: float) -> list[str]:
    """`text` in lines no wider than `width` (at word boundaries; a single over-long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    mark: str = "box"  # box | line | dash | dot
    width: float = 2.0


def _legend(items: list[LegendItem], *, x0: float, y0: float, width: float, size: float) -> tuple[list[Shape], float]:
    """Legend entries laid out left to right, wrapping at `width`; an entry too long for one line wraps
    its own text at word boundaries (never cut). Returns the shapes and the height used."""
    shapes: list[Shape] = []
    row_h = size * 1.7
    x, y = x0, y0 + size
    for item in items:
        lines = _wrap(item.label, size, width - 22 - 4)
        w = 22 + max(_text_width(line, size) for line in lines) + 16
        if x > x0 and x + w > x0 + width:
            x, y = x0, y + row_h
        mid = y - size * 0.35
        if item.mark == "box":
            shapes.append(Rect(x, y - size * 0.85, size * 0.9, size * 0.9, item.colour))
        else:
            pattern = {"dash": (6.0, 3.0), "dot": (2.0, 3.0)}.get(item.mark)
            shapes.append(Line(((x, mid), (x + 18, mid)), item.colour, item.width, pattern=pattern))
        for i, line in enumerate(lines):
            shapes.append(Text(x + 22, y + i * size * 1.25, line, size))
        if len(lines) > 1:  # the next entry starts on a fresh row below the wrapped text
            x, y = x0 + width, y + (len(lines) - 1) * size * 1.25
        x += w
    return shapes, y - y0 + size * 0.6


def sign_legend(
    x0: float,
    y0: float,
    width: float,
    size: float = 9.5,
    labels: tuple[str, str] = ("merforbruk (over budsjett)", "mindreforbruk (under budsjett)"),
) -> tuple[list[Shape], float]:
    """The sign convention, said once per chart that colours by it: (negative, positive) bars."""
    return _legend(
        [LegendItem(labels[0], OVER), LegendItem(labels[1], UNDER)],
        x0=x0,
        y0=y0,
        width=width,
        size=size,
    )


def value_unit(largest: int) -> tuple[int, str]:
    """The axis unit for amounts up to `largest` øre: (øre per unit, its name)."""
    if abs(largest) >= 2_000_000_00:
        return 1_000_000_00, "mill. kr"
    if abs(largest) >= 20_000_00:
        return 1000_00, "1000 kr"
    return 100, "kr"


def _axis_label(value: float, per_unit: int) -> str:
    shown = Decimal(round(value)) / per_unit
    return nb.decimal(shown, 0 if shown == shown.to_integral_value() else 1)


# --- layouts -------------------------------------------------------------------------------------


def deviation_scene(chart: d.DeviationChart, width: int = WIDTH) -> Scene:
    """Horizontal bars per unit, coloured by sign (legend below). At a phone's width (< 500 px) the
    text is larger, the labels shorter and the axis has fewer ticks."""
    narrow = width < 500
    size, tick = (12.5, 11.0) if narrow else (10.5, 9.0)
    row, bar = (22, 14) if narrow else (18, 12)
    top = 8
    label_w = min(width * (0.42 if narrow else 0.45), max(_text_width(b.label, size) for b in chart.bars) + 8)
    values = [b.value for b in chart.bars]
    value_w = max(_text_width(nb.thousands(v), size) for v in values) + 8 if narrow else 64.0
    plot_l, plot_r = label_w + 8, width - value_w - 8
    lo, hi = min(0, *values), max(0, *values)
    ticks = _ticks(lo, hi, 2 if narrow else 4)
    lo, hi = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return plot_l + (v - lo) / (hi - lo or 1) * (plot_r - plot_l)

    shapes: list[Shape] = []
    axis_y = top + row * len(chart.bars)
    # Label every k-th tick (0 always among them) so that the tick labels never overlap.
    spacing = (plot_r - plot_l) / max(len(ticks) - 1, 1)
    widest = max(_text_width(nb.thousands(int(t)), tick) for t in ticks)
    k = max(1, math.ceil((widest + 6) / spacing))
    zero = min(range(len(ticks)), key=lambda i: abs(ticks[i]))
    for i, t in enumerate(ticks):
        shapes.append(Line(((x(t), top), (x(t), axis_y)), GRID))
        if (i - zero) % k == 0:
            shapes.append(Text(x(t), axis_y + tick + 5, nb.thousands(int(t)), tick, "middle", GREY))
    baseline = row / 2 + size * 0.38
    for n, b in enumerate(chart.bars):
        y = top + n * row
        x0, x1 = sorted((x(0), x(b.value)))
        colour = RED if b.value < 0 else BLUE
        shapes.append(Rect(x0, y + (row - bar) / 2, max(x1 - x0, 1), bar, colour))
        shapes.append(Text(label_w, y + baseline, _clip(b.label, size, label_w - 4), size, "end"))
        shapes.append(Text(width - 4, y + baseline, nb.thousands(b.value), size, "end", RED if b.value < 0 else INK))
    shapes.append(Line(((x(0), top - 2), (x(0), axis_y)), INK, 1.2))
    shapes.append(Text(width - 4, axis_y + tick * 2 + 10, chart.unit_label, tick, "end", GREY))
    legend_w = width - 16 if narrow else width - 8 - 110
    legend_y = axis_y + tick * 2 + (16 if narrow else 2)
    legend, legend_h = sign_legend(8, legend_y, legend_w, size=size - 1, labels=chart.sign_labels)
    shapes.extend(legend)
    height = int(legend_y + legend_h + 6)
    return Scene(width, height, tuple(shapes), chart.title, description_text(chart.description))


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
        shapes.append(Text(plot_l - 6, y(t) + 3.5, _axis_label(t, 1_000_000_00), 9, "end", GREY))
    shapes.append(Text(plot_l - 6, plot_t - 8, chart.unit_label, 9, "end", GREY))
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


def trend_scene(chart: d.TrendChart, width: int = WIDTH) -> Scene:
    """Lines over periods in percent. At a phone's width (< 500 px) the legend is one column, the text
    larger and every other period labelled, so the chart stays legible when drawn 1:1 on a phone."""
    narrow = width < 500
    cols, row_h = (1, 20) if narrow else (3, 18)
    tick, legend_size, label_size = (12.0, 13.0, 12.0) if narrow else (9.0, 10.0, 9.5)
    legend_rows = (len(chart.series) + cols - 1) // cols
    plot_l, plot_r, plot_t = (46.0 if narrow else 56.0), width - 12.0, 16.0 + row_h * legend_rows + (8 if narrow else 0)
    height = int(plot_t) + (210 if narrow else 250)
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
        shapes.append(Text(plot_l - 6, y(t) + tick * 0.38, nb.percent(Decimal(str(t)), 0), tick, "end", GREY))
    shapes.append(Text(plot_l - 6, plot_t - tick * 0.7, "%", tick, "end", GREY))
    every = 2 if narrow and len(chart.labels) > 6 else 1
    for i, label in enumerate(chart.labels):
        if i % every == 0:
            shapes.append(Text(cx(i), plot_b + label_size * 1.6, label, label_size, "middle", GREY))
    col_w = (width - 24) / cols
    for n, ser in enumerate(chart.series):
        colour = INK if ser.emphasis else SERIES_COLOURS[n % len(SERIES_COLOURS)]
        stroke = 3.0 if ser.emphasis else 1.8
        points = [(cx(i), y(float(v))) for i, v in enumerate(ser.values) if v is not None]
        if len(points) > 1:
            shapes.append(Line(tuple(points), colour, stroke))
        for px, py in points:
            shapes.append(Rect(px - 2.5, py - 2.5, 5, 5, colour))
        lx = 12 + (n % cols) * col_w
        ly = 14 + row_h * (n // cols)
        shapes.append(Line(((lx, ly - 4), (lx + 18, ly - 4)), colour, stroke))
        label = _clip(ser.label, legend_size, col_w - 30)
        shapes.append(Text(lx + 24, ly, label, legend_size, bold=ser.emphasis))
    return Scene(width, height, tuple(shapes), chart.title, description_text(chart.description))


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
    legend, legend_h = sign_legend(8, axis_y + 20, WIDTH - 8 - 110)
    shapes.extend(legend)
    height = int(axis_y + 20 + legend_h + 6)
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
    shapes.append(Text(WIDTH - 4, axis_y + 28, chart.unit_label, 9, "end", GREY))
    return Scene(WIDTH, height, tuple(shapes), chart.title, description_text(chart.description))


def chart_scene(chart: d.Chart, width: int = WIDTH) -> Scene:
    """The chart's layout; `width` other than WIDTH is honoured by the charts the web also shows on a
    phone (trend lines, deviation bars); the report's other charts keep the printed page's width."""
    match chart:
        case d.WaterfallChart():
            return waterfall_scene(chart)
        case d.TrendChart():
            return trend_scene(chart, width)
        case d.DeviationChart():
            return deviation_scene(chart, width)
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
            dash = f' stroke-dasharray="{_n(s.dashes[0])} {_n(s.dashes[1])}"' if s.dashes else ""
            return f'<polyline points="{pts}" fill="none" stroke="{s.stroke}" stroke-width="{_n(s.width)}"{dash}/>'
        case Text():
            weight = ' font-weight="bold"' if s.bold else ""
            return (
                f'<text x="{_n(s.x)}" y="{_n(s.y)}" font-size="{_n(s.size)}" text-anchor="{s.anchor}" '
                f'fill="{s.fill}"{weight}>{escape(s.text)}</text>'
            )
    raise TypeError(type(s).__name__)


def chart_svg(chart: d.Chart, ident: str = "diagram", width: int = WIDTH) -> str:
    """An inline SVG with <title> and <desc> (the text alternative), referenced by aria-labelledby."""
    scene = chart_scene(chart, width)
    body = "".join(_svg_shape(s) for s in scene.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {scene.width} {scene.height}" '
        f'width="{scene.width}" height="{scene.height}" aria-labelledby="{ident}-t {ident}-d" '
        f'font-family="{FONT}, sans-serif">'
        f'<title id="{ident}-t">{escape(scene.title)}</title><desc id="{ident}-d">{escape(scene.description)}</desc>'
        f"{body}</svg>"
    )


def chart_svg_web(chart: d.Chart, ident: str = "diagram") -> str:
    """A chart for a web page: drawn at the page width and at a phone's, each in the container the CSS
    (tertial/charts.css) shows at that screen width, so its text is legible on both."""
    return (
        f'<div class="chart-wide">{chart_svg(chart, ident)}</div>'
        f'<div class="chart-narrow">{chart_svg(chart, f"{ident}-m", UNIT_NARROW)}</div>'
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
                if s.dashes:
                    on, off = s.dashes
                    for seg in _dashes(pts, on * scale, off * scale):
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


# --- The unit page's charts: scenes at the width of the screen they are drawn for --------------------

# The unit page draws each chart twice, at a wide and a narrow layout, and its CSS shows the one that
# fits: text stays about 11–12 px on a 1366 px screen and on a 390 px phone alike.
UNIT_WIDE, UNIT_NARROW = 640, 360
MONTHS_NB = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")
PROFILE_LABELS_NB = {
    "title": "Regnskap hittil i år mot jevn budsjettprofil, per måned",
    "actual": "Regnskap hittil i år",
    "budget": "Budsjettprofil hittil (1/12 per måned)",
}
PROJECTION_LABELS_NB = {
    "title": "Regnskap hittil og statistisk vei til årsslutt",
    "actual": "Regnskap hittil (akkumulert)",
    "path": "Statistisk vei til årsslutt",
    "band": "80 %-intervall i desember",
    "forecast_over": "Enhetens prognose (over budsjett)",
    "forecast_under": "Enhetens prognose (under budsjett)",
    "budget": "Budsjett",
}


def _frame(width: int) -> tuple[float, float]:
    """(font size, left margin) of a unit chart at `width`."""
    return (13.5, 46.0) if width < 500 else (13.0, 62.0)


def _y_axis(
    shapes: list[Shape], lo_hi: list[int], *, plot: tuple[float, float, float, float], size: float
) -> tuple[Callable[[float], float], float, float]:
    """Grid lines, tick labels and the unit above the axis; returns y(), and the scale's ends."""
    plot_l, plot_r, plot_t, plot_b = plot
    ticks = _ticks(min(0, *lo_hi), max(0, *lo_hi), 4)
    lo, hi = ticks[0], ticks[-1]

    def y(v: float) -> float:
        return plot_b - (v - lo) / (hi - lo or 1) * (plot_b - plot_t)

    per_unit, unit_name = value_unit(int(max(abs(lo), abs(hi))))
    for t in ticks:
        shapes.append(Line(((plot_l, y(t)), (plot_r, y(t))), GRID))
        shapes.append(Text(plot_l - 5, y(t) + size * 0.35, _axis_label(t, per_unit), size - 1, "end", GREY))
    shapes.append(Text(4, plot_t - size * 0.9, unit_name, size - 1, "start", GREY))
    return y, lo, hi


def unit_profile_scene(
    profile: tuple[ProfilePoint, ...],
    *,
    width: int = UNIT_WIDE,
    labels: dict[str, str] | None = None,
    months: tuple[str, ...] = MONTHS_NB,
) -> Scene:
    """The unit page's year-to-date actuals (bars) against the even budget profile (a dashed line), with
    the y axis in kr / 1000 kr / mill. kr and the legend above the plot."""
    lab = {**PROFILE_LABELS_NB, **(labels or {})}
    size, plot_l = _frame(width)
    shapes, legend_h = _legend(
        [LegendItem(lab["actual"], NEUTRAL), LegendItem(lab["budget"], INK, "dash")],
        x0=4,
        y0=4,
        width=width - 8,
        size=size,
    )
    plot_t, plot_r = 4 + legend_h + size * 2.2, width - 8.0
    plot_b = plot_t + (150 if width < 500 else 170)
    values = [p.actual_ytd for p in profile] + [p.budget_ytd for p in profile]
    shapes_axis: list[Shape] = []
    y, _lo, _hi = _y_axis(shapes_axis, values or [1], plot=(plot_l, plot_r, plot_t, plot_b), size=size)
    shapes = shapes_axis + shapes
    slot = (plot_r - plot_l) / max(len(profile), 1)
    for i, p in enumerate(profile):
        cx = plot_l + slot * (i + 0.5)
        y0, y1 = sorted((y(0), y(p.actual_ytd)))
        shapes.append(Rect(cx - slot * 0.28, y0, slot * 0.56, max(y1 - y0, 1), NEUTRAL))
        shapes.append(Text(cx, plot_b + size * 1.4, months[p.month - 1], size - 1, "middle", GREY))
    if profile:
        pts = tuple((plot_l + slot * (i + 0.5), y(p.budget_ytd)) for i, p in enumerate(profile))
        shapes.append(Line(pts if len(pts) > 1 else (pts[0], pts[0]), INK, 2, pattern=(6, 3)))
        for px, py in pts:
            shapes.append(Rect(px - 3, py - 3, 6, 6, INK))
    shapes.append(Line(((plot_l, y(0)), (plot_r, y(0))), INK, 1.2))
    return Scene(width, int(plot_b + size * 2.2), tuple(shapes), lab["title"], "")


def unit_projection_scene(
    series: ProjectionChartSeries,
    forecast: int | None,
    budget: int,
    *,
    width: int = UNIT_WIDE,
    labels: dict[str, str] | None = None,
    months: tuple[str, ...] = MONTHS_NB,
) -> Scene:
    """The unit page's projection: cumulative actuals (solid), the statistical path to December (dashed)
    with its 80 % interval, the unit's own forecast (coloured by the sign convention: above the budget
    is merforbruk) and the budget (dotted), months 1–12 on x and kr / mill. kr on y."""
    lab = {**PROJECTION_LABELS_NB, **(labels or {})}
    size, plot_l = _frame(width)
    over = forecast is not None and forecast > budget
    items = [
        LegendItem(lab["actual"], INK, "line", 3),
        LegendItem(lab["path"], INK, "dash"),
    ]
    if series.low is not None and series.high is not None:
        items.append(LegendItem(lab["band"], BAND))
    if forecast is not None:
        items.append(
            LegendItem(lab["forecast_over" if over else "forecast_under"], OVER if over else UNDER, "line", 2.5)
        )
    items.append(LegendItem(lab["budget"], INK, "dot", 1.5))
    legend, legend_h = _legend(items, x0=4, y0=4, width=width - 8, size=size)
    plot_t, plot_r = 4 + legend_h + size * 2.2, width - 10.0
    plot_b = plot_t + (160 if width < 500 else 180)
    values = [*series.values(), budget, *([forecast] if forecast is not None else [])]
    shapes: list[Shape] = []
    y, _lo, _hi = _y_axis(shapes, values, plot=(plot_l, plot_r, plot_t, plot_b), size=size)
    step = (plot_r - plot_l - 8) / 11

    def x(m: int) -> float:
        return plot_l + 4 + (m - 1) * step

    shapes.extend(legend)
    if series.low is not None and series.high is not None:
        top, bottom = sorted((y(series.high), y(series.low)))
        shapes.append(Rect(x(12) - 6, top, 12, max(bottom - top, 1), BAND))
    shapes.append(Line(((plot_l, y(budget)), (plot_r, y(budget))), INK, 1.5, pattern=(2, 3)))
    if forecast is not None:
        shapes.append(Line(((plot_l, y(forecast)), (plot_r, y(forecast))), OVER if over else UNDER, 2.5))
    if series.path:
        shapes.append(Line(tuple((x(m), y(v)) for m, v in series.path), INK, 2, pattern=(6, 3)))
    if series.actual:
        pts = tuple((x(m), y(v)) for m, v in series.actual)
        shapes.append(Line(pts if len(pts) > 1 else (pts[0], pts[0]), INK, 3))
    shapes.append(Rect(x(12) - 3.5, y(series.point) - 3.5, 7, 7, INK))
    shapes.append(Line(((plot_l, y(0)), (plot_r, y(0))), INK, 1.2))
    every = 1 if width >= 500 else 2
    for m in range(1, 13, every):
        shapes.append(Text(x(m), plot_b + size * 1.4, months[m - 1], size - 1, "middle", GREY))
    return Scene(width, int(plot_b + size * 2.2), tuple(shapes), lab["title"], "")


def scene_svg(scene: Scene, ident: str, *, css_class: str = "chart") -> str:
    """A scene as an inline SVG that scales with its container (viewBox, width 100 %, height from the
    aspect ratio), named by its <title>; the page puts the data table beside it."""
    body = "".join(_svg_shape(s) for s in scene.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'viewBox="0 0 {scene.width} {scene.height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-t" font-family="{FONT}, sans-serif">'
        f'<title id="{ident}-t">{escape(scene.title)}</title>{body}</svg>'
    )
