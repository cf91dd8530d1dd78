"""An SVG line chart of sick leave per month for a sector: one line per year (the year and the two
before), drawn server-side so the page needs no JavaScript. Presentation only: the figures come
from core.sickleave.Trend; numbers are formatted by renderers/numbers.py."""

from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

from tertial.core.periods import MONTHS_NB
from tertial.core.sickleave import Trend
from tertial.renderers import numbers as nb

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 110, 16, 36
COLOURS = ("#9aa5b1", "#4f6d8f", "#b00020")  # oldest → this year; this year strongest
DASHES = ("4 3", "8 3", "")


def _ceiling(value: Decimal) -> int:
    step = 5
    return max(step, int((value + step - 1) // step) * step)


def trend_svg(trend: Trend, chart_id: str) -> str:
    values = [v for ys in trend.values for v in ys if v is not None]
    if not values:
        return ""
    top = _ceiling(max(values))
    n = len(trend.months)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: Decimal) -> float:
        return TOP + plot_h - float(v) * plot_h / top

    title = _("Sykefravær %(name)s per måned") % {"name": trend.label}
    desc_parts = []
    for year, ys in zip(trend.years, trend.values, strict=True):
        shown = ", ".join(
            f"{MONTHS_NB[m - 1]} {nb.percent(v, 2)}" for m, v in zip(trend.months, ys, strict=True) if v is not None
        )
        desc_parts.append(f"{year}: {shown or _('ingen tall')}")
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape("; ".join(desc_parts))}</desc>',
    ]
    for tick in range(0, top + 1, 5):
        ty = y(Decimal(tick))
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(nb.percent(Decimal(tick), 0))}</text>"
        )
    for i, m in enumerate(trend.months):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11">'
            f"{MONTHS_NB[m - 1][:3]}</text>"
        )
    for k, (year, ys) in enumerate(zip(trend.years, trend.values, strict=True)):
        colour, dash = COLOURS[k % 3], DASHES[k % 3]
        points = [(x(i), y(v)) for i, v in enumerate(ys) if v is not None]
        if not points:
            continue
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if len(points) > 1:
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for px, py in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>')
        ly = TOP + 14 + 18 * k
        parts.append(
            f'<line x1="{WIDTH - RIGHT + 12}" x2="{WIDTH - RIGHT + 36}" y1="{ly - 4}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
            f'<text x="{WIDTH - RIGHT + 42}" y="{ly}" font-size="12">{year}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
