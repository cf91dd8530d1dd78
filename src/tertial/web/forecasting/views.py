"""Forecast history and track record pages (issue 9) for finance and leaders. Views fetch through the
forecasting selectors and shape rows for the templates; every figure is computed in core."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tertial.core.periods import Period
from tertial.core.projection import ForecastPoint, TrackRecordRow, track_record_chart
from tertial.renderers.charts import chart_svg_web
from tertial.web.accounts.access import live_figures_required
from tertial.web.audience import withheld_by_month
from tertial.web.budget.selectors import years_with_data
from tertial.web.org.selectors import organisation_get

from .selectors import drift_threshold, explanation_rule_get, forecast_history_get, track_record_get


@dataclass(frozen=True)
class HistoryRow:
    code: str
    name: str
    budget: int
    points: tuple[ForecastPoint, ...]
    flagged: bool


@dataclass(frozen=True)
class Month:
    number: int
    name: str


def _live_required(request: HttpRequest) -> None:
    live_figures_required(request.user, _("Bare økonomiavdelingen og ledere kan se prognosene."))


def _months(year: int, numbers) -> list[Month]:
    return [Month(m, Period(year, m).month_name) for m in numbers]


@login_required
@require_GET
def forecast_history(request: HttpRequest, year: int) -> HttpResponse:
    """Each unit's forecast at every reporting month of `year`, with the change since the previous report."""
    _live_required(request)
    org = organisation_get(year)
    if not org.units:
        raise Http404(_("Budsjettåret finnes ikke."))
    names = {u.code: u.name for u in org.units}
    history = forecast_history_get(year=year, withhold=withheld_by_month(request.user, year))
    months = [p.month for p in history[0].points] if history else []
    rows = [
        HistoryRow(h.unit, names.get(h.unit, ""), h.budget, h.points, any(p.needs_explanation for p in h.points))
        for h in history
    ]
    return render(
        request,
        "forecasting/history.html",
        {
            "year": year,
            "months": _months(year, months),
            "rows": rows,
            "flagged_count": sum(1 for r in rows if r.flagged),
            "threshold": drift_threshold(),
            "explanation_rule": explanation_rule_get(translate=_),
            "years": years_with_data(),
        },
    )


@login_required
@require_GET
def forecast_track_record(request: HttpRequest, year: int) -> HttpResponse:
    """A closed year's forecasts at every report month against its final accounts."""
    _live_required(request)
    if not organisation_get(year).units:
        raise Http404(_("Budsjettåret finnes ikke."))
    rows: tuple[TrackRecordRow, ...] = track_record_get(year=year)
    months = [m for m, _e in rows[0].errors] if rows else []
    return render(
        request,
        "forecasting/track_record.html",
        {
            "year": year,
            "months": _months(year, months),
            "rows": rows,
            "years": years_with_data(),
            "chart": chart_svg_web(c, "treffsikkerhet") if (c := track_record_chart(rows, year)) else "",
        },
    )
