"""Forecast history and track record pages (issue 9) for finance and leaders. Views fetch through the
forecasting selectors and shape rows for the templates; every figure is computed in core."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tertial.core import combined
from tertial.core.money import round_half_up
from tertial.core.periods import Period
from tertial.core.projection import ForecastPoint, TrackRecordRow, track_record_chart
from tertial.renderers import numbers as nb
from tertial.renderers.charts import chart_svg_web
from tertial.web.accounts.access import finance_required, is_finance, live_figures_required
from tertial.web.audience import withheld_by_month
from tertial.web.budget.selectors import years_with_data
from tertial.web.org.selectors import organisation_get

from .selectors import (
    closed_years,
    drift_threshold,
    explanation_rule_get,
    forecast_backtest_get,
    forecast_history_get,
    track_record_get,
)


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
    closed = year in closed_years()
    if not closed:
        # An open year has no final accounts: show the forecasts so far, without a verdict.
        org = organisation_get(year)
        names = {u.code: u.name for u in org.units}
        history = forecast_history_get(year=year, withhold=withheld_by_month(request.user, year))
        so_far = [
            HistoryRow(h.unit, names.get(h.unit, ""), h.budget, h.points, False)
            for h in history
            if any(p.amount is not None for p in h.points)
        ]
        months_open = [p.month for p in history[0].points] if history else []
        return render(
            request,
            "forecasting/track_record.html",
            {
                "year": year,
                "months": _months(year, months_open),
                "open_rows": so_far,
                "closed": False,
                "years": years_with_data(),
                "is_finance": is_finance(request.user),
            },
        )
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
            "closed": True,
            "is_finance": is_finance(request.user),
            "chart": chart_svg_web(c, "treffsikkerhet") if (c := track_record_chart(rows, year)) else "",
        },
    )


@dataclass(frozen=True)
class BacktestCell:
    mae: str
    mape: str
    best: bool


@dataclass(frozen=True)
class BacktestRow:
    month: Month
    cells: tuple[BacktestCell | None, ...]
    coverage80: str
    coverage95: str
    won: bool


def _pct(value) -> str:
    return "–" if value is None else nb.percent(round_half_up(value, 0), 0)


@login_required
@require_GET
def forecast_backtest(request: HttpRequest) -> HttpResponse:
    """Finance: how each forecasting method did on the closed years, month by month (MAE, MAPE) and
    how often the combined method's 80 % and 95 % intervals held the year-end."""
    finance_required(request.user)
    years = closed_years()
    bt = forecast_backtest_get(years=years) if len(years) >= 3 else None
    methods = [m for m in combined.BACKTEST_METHODS if bt and any(r.method == m for r in bt.rows)]
    rows = []
    if bt is not None:
        won = set(bt.months_won())
        for m in range(1, 13):
            found = [bt.row(k, m) for k in methods]
            maes = [r.mae for r in found if r is not None]
            cells = tuple(
                None
                if r is None
                else BacktestCell(nb.decimal(Decimal(r.mae) / 100_000_000, 2), _pct(r.mape), r.mae == min(maes))
                for r in found
            )
            c = bt.row(combined.METHOD_COMBINED, m)
            rows.append(
                BacktestRow(
                    Month(m, Period(years[-1], m).month_name),
                    cells,
                    _pct(c.coverage80 if c else None),
                    _pct(c.coverage95 if c else None),
                    m in won,
                )
            )
    return render(
        request,
        "forecasting/backtest.html",
        {
            "years": years,
            "backtest": bt,
            "methods": [combined.BACKTEST_NAMES[m] for m in methods],
            "rows": rows,
        },
    )
