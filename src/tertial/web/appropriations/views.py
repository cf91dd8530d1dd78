"""The appropriation overview page (bevilgningsoversikt drift). Staff see the live figures; council
members and the public see a period once its round is locked and published, else 403."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from tertial.core.appropriation import overview_signed, overview_summary
from tertial.core.document import SignConvention
from tertial.web.audience import audience_for, published_required, visible_periods
from tertial.web.org.selectors import municipality_get, report_signs_get

from . import selectors


def _periods_for(user) -> list[tuple[int, int]]:
    """Periods with general lines that `user` may open, newest first."""
    return visible_periods(
        user, [(y, m) for y in selectors.general_line_years() for m in selectors.general_line_periods(y)]
    )


@require_GET
def appropriation_latest(request: HttpRequest) -> HttpResponse:
    periods = _periods_for(request.user)
    if not periods:
        raise Http404("Ingen bevilgningsoversikt å vise")
    return redirect("appropriations:overview", year=periods[0][0], month=periods[0][1])


@require_GET
def appropriation_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    audience = audience_for(request.user, year, month)
    published_required(audience)
    view = selectors.appropriation_get(
        year=year, month=month, published_only=audience.published_only, withhold=audience.withheld_units
    )
    if view is None:
        raise Http404("Ingen generelle linjer for perioden")
    m = municipality_get()
    signs = report_signs_get(m)
    return TemplateResponse(
        request,
        "appropriations/overview.html",
        {
            "municipality_name": m.name if m else "",
            "overview": view.overview,
            # the § 5-4 rows as the council documents print them (the municipality's sign convention)
            "printed_rows": list(zip(view.overview.rows, overview_signed(view.overview, signs), strict=True)),
            "income_positive": signs is SignConvention.RESULT,
            "summary": overview_summary(view.overview).runs,
            "mismatches": view.mismatches,
            "periods": _periods_for(request.user),
            "live": audience.live and not view.locked,
            "year": year,
            "month": month,
        },
    )
