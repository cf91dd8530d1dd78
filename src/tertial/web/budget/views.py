"""Read-only status pages. Views fetch through selectors and render; no arithmetic here."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from tertial.core.checks import status_check
from tertial.core.status import net_result_compute
from tertial.core.tables import SORT_KEYS, status_rows_sorted
from tertial.renderers.html import render_html
from tertial.web.org.selectors import municipality_get
from tertial.web.reports import ReportRefused, status_report_document
from tertial.web.rounds.access import readable_unit_codes

from . import selectors


@require_GET
def status_latest(request: HttpRequest) -> HttpResponse:
    """The newest period with actuals, or an empty-state page."""
    for year in selectors.years_with_data():
        months = selectors.periods_with_data(year)
        if months:
            return redirect("budget:status", year=year, month=months[0])
    return render(request, "budget/empty.html", {"municipality_name": getattr(municipality_get(), "name", "")})


@require_GET
def status_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not 1 <= month <= 12 or month not in selectors.periods_with_data(year):
        raise Http404("Ingen regnskapstall for perioden")
    table = selectors.status_table_get(year=year, month=month)
    central = selectors.central_items_list(year=year, month=month)
    m = municipality_get()
    periods = [(y, mm) for y in selectors.years_with_data() for mm in selectors.periods_with_data(y)]
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir") == "desc"
    rows = status_rows_sorted(table, sort, descending=descending)
    columns = [
        (key, "descending" if descending else "ascending", "asc" if descending else "desc")
        if key == sort
        else (key, "", "asc")
        for key in SORT_KEYS
    ]
    return render(
        request,
        "budget/status.html",
        {
            "municipality_name": m.name if m else "",
            "table": table,
            "rows": rows,
            "columns": dict((k, (aria, nxt)) for k, aria, nxt in columns),
            "linkable": readable_unit_codes(request.user),
            "central": central,
            "net": net_result_compute(table, central),
            "mismatches": status_check(table),
            "periods": periods,
            "year": year,
            "month": month,
        },
    )


@require_GET
def status_report(request: HttpRequest, year: int, month: int) -> HttpResponse:
    try:
        doc = status_report_document(year=year, month=month)
    except ReportRefused as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(render_html(doc), content_type="text/html; charset=utf-8")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="status-{year}-{month:02d}.html"'
    return response
