"""The appropriation overview page (bevilgningsoversikt drift). Staff see the live figures; council
members and the public see a period once its round is locked and published, else 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from tertial.core.appropriation import overview_summary
from tertial.web.accounts.access import sees_live_figures
from tertial.web.org.selectors import municipality_get
from tertial.web.rounds import selectors as rounds_selectors
from tertial.web.rounds.access import NOT_PUBLISHED, withheld_unit_codes

from . import selectors


def _periods_for(user) -> list[tuple[int, int]]:
    """Periods with general lines that `user` may open, newest first."""
    periods = [(y, m) for y in selectors.general_line_years() for m in selectors.general_line_periods(y)]
    if sees_live_figures(user):
        return periods
    published = set(rounds_selectors.published_periods())
    return [p for p in periods if p in published]


@require_GET
def appropriation_latest(request: HttpRequest) -> HttpResponse:
    periods = _periods_for(request.user)
    if not periods:
        raise Http404("Ingen bevilgningsoversikt å vise")
    return redirect("appropriations:overview", year=periods[0][0], month=periods[0][1])


@require_GET
def appropriation_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    live = sees_live_figures(request.user)
    try:
        view = selectors.appropriation_get(
            year=year,
            month=month,
            published_only=not live,
            withhold=withheld_unit_codes(request.user, year).get(month, frozenset()) if live else (),
        )
    except selectors.NotPublished as exc:
        raise PermissionDenied(NOT_PUBLISHED) from exc
    if view is None:
        raise Http404("Ingen generelle linjer for perioden")
    m = municipality_get()
    return TemplateResponse(
        request,
        "appropriations/overview.html",
        {
            "municipality_name": m.name if m else "",
            "overview": view.overview,
            "summary": overview_summary(view.overview).runs,
            "mismatches": view.mismatches,
            "periods": _periods_for(request.user),
            "live": live and not view.locked,
            "year": year,
            "month": month,
        },
    )
