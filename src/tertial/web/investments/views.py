"""The investment pages: the project list for a period and a project's detail. Thin: access check,
selectors, render."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from tertial.core.investments import significant_deviations
from tertial.core.periods import Period
from tertial.web.org.selectors import municipality_get

from . import selectors
from .access import investments_read_required
from .models import Project


def _period(year: int, month: int) -> Period:
    try:
        return Period(year, month)
    except ValueError as exc:
        raise Http404(str(exc)) from exc


def _base(**extra) -> dict:
    m = municipality_get()
    return {"municipality_name": m.name if m else "", **extra}


@require_GET
def project_index(request: HttpRequest) -> HttpResponse:
    """The periods that have project reports, newest first."""
    investments_read_required(request.user)
    return render(request, "investments/index.html", _base(periods=selectors.report_periods()))


@require_GET
def project_list(request: HttpRequest, year: int, month: int) -> HttpResponse:
    investments_read_required(request.user)
    period = _period(year, month)
    table = selectors.project_table_get(year=year, month=month)
    threshold = selectors.threshold_get()
    ids = selectors.project_ids(year)
    overview = selectors.investment_overview_get(year=year, month=month, table=table) if table.projects else None
    return render(
        request,
        "investments/project_list.html",
        _base(
            year=year,
            month=month,
            period=period,
            table=table,
            rows=[(p, ids[p.number]) for p in table.projects],
            significant={p.number for p in significant_deviations(table, threshold)},
            overview=overview,
        ),
    )


@require_GET
def project_detail(request: HttpRequest, year: int, month: int, pk: int) -> HttpResponse:
    investments_read_required(request.user)
    period = _period(year, month)
    project = get_object_or_404(
        Project.objects.select_related("unit__sector", "budget_year"), pk=pk, budget_year__year=year
    )
    detail = selectors.project_detail_get(project=project, month=month)
    return render(
        request, "investments/project_detail.html", _base(year=year, month=month, period=period, detail=detail)
    )
