"""Read-only status pages. Views fetch through selectors and render; no arithmetic here."""

import logging

from csp.decorators import csp_replace
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from tertial.core.checks import status_check
from tertial.core.document import Edition
from tertial.core.periods import Period
from tertial.core.status import net_result_compute
from tertial.core.tables import SORT_KEYS, status_rows_sorted
from tertial.renderers import RENDERERS
from tertial.web import pagecache
from tertial.web.accounts.access import (
    finance_required,
    internal_edition_required,
    is_finance,
    led_sector_codes,
    led_unit_codes,
    sees_live_figures,
)
from tertial.web.audience import Audience, audience_for, visible_periods
from tertial.web.budget import selectors
from tertial.web.forecasting.selectors import forecast_overview_get
from tertial.web.jobs.services import job_create
from tertial.web.org.selectors import municipality_get
from tertial.web.rounds import selectors as rounds_selectors

from .documents import NotPublished, ReportRefused, status_report_document, tertial_report_document
from .tasks import report_pdf_job

log = logging.getLogger(__name__)


def _periods_for(user) -> list[tuple[int, int]]:
    """The periods `user` may open: every period with actuals for staff, published rounds for others."""
    return visible_periods(user, selectors.periods_with_data_all())


def _rounds_not_published() -> list:
    """The rounds the public is still waiting for (newest first): what the empty states name."""
    return [r for r in rounds_selectors.round_list() if not r.published][:3]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The front page: unit and sector leaders start at «Mine oppgaver» (their units' open tasks);
    everyone else at the newest status they may see."""
    user = request.user
    if not is_finance(user) and (led_unit_codes(user) or led_sector_codes(user)):
        return redirect("rounds:my-tasks")
    return status_latest(request)


@require_GET
def status_latest(request: HttpRequest) -> HttpResponse:
    """The newest period the user may see, or an empty-state page that says what is published, by
    whom and when (the rounds not yet published, with their state)."""
    periods = _periods_for(request.user)
    if periods:
        return redirect("reports:status", year=periods[0][0], month=periods[0][1])
    return render(
        request,
        "reports/empty.html",
        {
            "municipality_name": getattr(municipality_get(), "name", ""),
            "live": sees_live_figures(request.user),
            "finance": is_finance(request.user),
            "waiting": _rounds_not_published(),
        },
    )


@require_GET
def period_choose(request: HttpRequest) -> HttpResponse:
    """The header's period picker (a GET form, no JavaScript needed): `?periode=YYYY-MM` → that
    period's status page. An unknown value goes to the newest period."""
    value = request.GET.get("periode", "")
    try:
        year, month = (int(x) for x in value.split("-"))
    except ValueError:
        return redirect("reports:status-index")
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return redirect("reports:status-index")
    return redirect("reports:status", year=year, month=month)


def _statistical_by_unit(year: int, month: int) -> tuple[dict, tuple]:
    """(unit code → (statistical point, Flag or None), the flags ranked by size); empty when the
    projection cannot be made (the page then renders without it)."""
    try:
        overview = forecast_overview_get(year=year, month=month)
    except Exception:  # the dashboard must render even when the forecast engine fails
        log.exception("Statistisk prognose for %s-%02d feilet", year, month)
        return {}, ()
    flags = {f.unit: f for f in overview.flags}
    return {code: (u.point, flags.get(code)) for code, u in overview.projection.by_unit.items()}, overview.flags


def _status_fragment(
    *, year: int, month: int, live: bool, sort: str, descending: bool, linkable, periods, withhold=frozenset()
) -> str:
    """The data part of the status page: everything but the per-request frame (navigation, user,
    CSRF token, messages). Rendered without the request, so nothing per-user can leak into it.
    Units in `withhold` (another unit's unsubmitted draft) show as not reported and without a flag."""
    statistical: dict = {}
    flags: list = []
    if live:
        table = selectors.status_table_get(year=year, month=month, withhold=withhold)
        central = selectors.central_items_list(year=year, month=month)
        by_unit, ranked = _statistical_by_unit(year, month)
        statistical = {code: (point, None if code in withhold else flag) for code, (point, flag) in by_unit.items()}
        flags = [f for f in ranked if f.unit not in withhold]
    else:
        published = rounds_selectors.published_status_get(year=year, month=month)
        if published is None:  # the caller asked the audience rule; None only if unpublished in between
            raise Http404
        table, central = published
    m = municipality_get()
    rows = status_rows_sorted(table, sort, descending=descending)
    columns = [
        (key, "descending" if descending else "ascending", "asc" if descending else "desc")
        if key == sort
        else (key, "", "asc")
        for key in SORT_KEYS
    ]
    return render_to_string(
        "reports/_status_data.html",
        {
            "municipality_name": m.name if m else "",
            "table": table,
            "rows": rows,
            # (row, (statistical point, flag) or None): live users only; sector and total rows get None
            "stat_rows": [(r, statistical.get(r.code) if r.kind == "unit" else None) for r in rows],
            "flags": flags,  # ranked by size, largest first (forecasting: flags_material)
            "columns": dict((k, (aria, nxt)) for k, aria, nxt in columns),
            "linkable": linkable,
            "central": central,
            "net": net_result_compute(table, central),
            "mismatches": status_check(table),
            "periods": periods,
            "live": live,
            "year": year,
            "month": month,
        },
    )


@require_POST
def report_pdf_job_create(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """«Lag PDF i bakgrunnen»: the period's status report, or its tertial report (`report=tertial`), laid
    out by the worker; the browser goes to the job page and downloads the PDF from there."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    finance_required(request.user)  # others download the PDF directly (a job is a write: finance only)
    audience = audience_for(request.user, year, month)
    if not audience.may_view:
        raise Http404("Ingen tall for perioden")
    params: dict = {"year": year, "month": month, "published_only": audience.published_only}
    params["withhold"] = sorted(audience.withheld_units)
    if request.POST.get("report") == "tertial" and Period(year, month).closes_tertial:
        params |= {"report": "tertial", "tertial": Period(year, month).tertial}
        params["filename"] = f"tertialrapport-{year}-{params['tertial']}"
        title = f"{params['tertial']}. tertialrapport {year} (PDF)"
    else:
        params |= {"report": "status", "filename": f"status-{year}-{month:02d}"}
        title = f"Statusrapport pr. {Period(year, month).end_date:%d.%m.%Y} (PDF)"
    job = job_create(kind="report", title=title, params=params, task=report_pdf_job, created_by_id=request.user.pk)
    return redirect("jobs:detail", pk=job.pk)


def _not_shown(request: HttpRequest, year: int, month: int, *, live: bool) -> HttpResponse:
    """404 in words: the period has no figures yet, or (for the council and the public) its round is
    not published yet: who publishes it (finance) and where the round stands."""
    try:
        end = Period(year, month).end_date
    except ValueError:
        raise Http404("Ingen slik periode") from None
    try:
        rnd = rounds_selectors.round_get(year=year, month=month)
    except Http404:
        rnd = None
    page = {"period_end": end, "round": rnd, "live": live}
    return render(request, "reports/not_published.html", page, status=404)


@require_GET
def status_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The status table of a period. Its data part is cached per data version and audience
    (tertial.web.pagecache): a hit costs a handful of small queries instead of the aggregation, the
    forecast engine and rendering a few hundred figures."""
    audience = audience_for(request.user, year, month)
    version = pagecache.data_version()  # read before any data (see pagecache.cached)
    periods = pagecache.cached("periods", (audience.live,), lambda: _periods_for(request.user), version=version)
    if (year, month) not in periods:
        return _not_shown(request, year, month, live=audience.live)
    sort = request.GET.get("sort", "")
    sort = sort if sort in SORT_KEYS else ""
    descending = request.GET.get("dir") == "desc"
    fragment = pagecache.cached(
        "status",
        (year, month, sort, descending, *audience.cache_key),
        lambda: _status_fragment(
            year=year,
            month=month,
            live=audience.live,
            sort=sort,
            descending=descending,
            linkable=audience.linkable_units,
            periods=periods,
            withhold=audience.withheld_units,  # only the live table uses it
        ),
        version=version,
    )
    # our own rendering of escaped data, from the cache
    period = Period(year, month)
    page = {
        "fragment": mark_safe(fragment),
        "end_date": period.end_date,
        "period": period,
        "year": year,
        "month": month,
    }
    finance = is_finance(request.user)  # finance makes PDFs in the background and has the internal editions
    page["pdf_job"] = finance
    if finance:  # the internal editions (statistical annex, working notes) are finance's
        page["internal_status_url"] = reverse("reports:status-report-internal", args=[year, month])
        if period.closes_tertial and period.tertial < 3:
            page["internal_tertial_url"] = reverse("reports:tertial-report-internal", args=[year, period.tertial])
    return render(request, "reports/status.html", page)


REPORT_CSP = {"style-src": ["'unsafe-inline'"], "script-src": ["'none'"]}  # self-contained: its own <style>


@require_GET
@csp_replace(REPORT_CSP)
def status_report(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The council report as HTML (default), PDF, DOCX or XLSX: `?format=pdf|docx|xlsx|html`.

    HTML opens in the browser unless `?download=1`; the other formats are always attachments. Council
    members and the public get the report of a published round only; staff also get live drafts.
    """
    return _status_response(request, year, month, Edition.COUNCIL)


@require_GET
@csp_replace(REPORT_CSP)
def tertial_report(request: HttpRequest, year: int, tertial: int) -> HttpResponse:
    """The statutory tertial report (issue 11), with the same formats and audience rule as status_report."""
    return _tertial_response(request, year, tertial, Edition.COUNCIL)


@require_GET
@csp_replace(REPORT_CSP)
def status_report_internal(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The internal edition of the status report (the statistical annex, working notes): finance only."""
    internal_edition_required(request.user)
    return _status_response(request, year, month, Edition.INTERNAL)


@require_GET
@csp_replace(REPORT_CSP)
def tertial_report_internal(request: HttpRequest, year: int, tertial: int) -> HttpResponse:
    """The internal edition of the tertial report: finance only."""
    internal_edition_required(request.user)
    return _tertial_response(request, year, tertial, Edition.INTERNAL)


def _status_response(request: HttpRequest, year: int, month: int, edition: Edition) -> HttpResponse:
    audience = audience_for(request.user, year, month)
    suffix = "-intern" if edition is Edition.INTERNAL else ""
    return _report_response(
        request,
        lambda: status_report_document(
            year=year,
            month=month,
            published_only=audience.published_only,
            withhold=audience.withheld_units,
            edition=edition,
        ),
        f"status-{year}-{month:02d}{suffix}",
        audience,
        period=(year, month),
    )


def _tertial_response(request: HttpRequest, year: int, tertial: int, edition: Edition) -> HttpResponse:
    if tertial not in (1, 2):
        raise Http404("Tertialrapport finnes for 1. og 2. tertial")
    audience = audience_for(request.user, year, 4 * tertial)
    suffix = "-intern" if edition is Edition.INTERNAL else ""
    return _report_response(
        request,
        lambda: tertial_report_document(
            year=year,
            tertial=tertial,
            published_only=audience.published_only,
            withhold=audience.withheld_units,
            edition=edition,
        ),
        f"tertialrapport-{year}-{tertial}{suffix}",
        audience,
        period=(year, 4 * tertial),
    )


def _report_response(
    request: HttpRequest, build, filename: str, audience: Audience, *, period: tuple[int, int]
) -> HttpResponse:
    fmt = request.GET.get("format", "html")
    if fmt not in RENDERERS:
        return HttpResponse(
            f"Ukjent format «{fmt}»; bruk {', '.join(RENDERERS)}",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    out = RENDERERS[fmt]
    try:
        # the rendered file is cached per data version (tertial.web.pagecache): a PDF takes ~0.5 s to lay out
        key = (filename, fmt, audience.published_only, tuple(sorted(audience.withheld_units)))
        body = pagecache.cached("report", key, lambda: out.render(build()))
    except NotPublished:  # 404 in words: who publishes the period, and where its round stands
        return _not_shown(request, *period, live=not audience.published_only)
    except ReportRefused as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=out.content_type)
    if fmt != "html" or request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{filename}{out.suffix}"'
    return response
