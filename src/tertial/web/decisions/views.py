"""Screens and open data for political decisions under follow-up."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tertial.renderers.decisions_sheet import decisions_sheet_csv, decisions_sheet_xlsx
from tertial.web import pagecache

from .access import decisions_can_edit, decisions_require_edit
from .forms import CaseForm, LogEntryForm, PointForm
from .models import Case, DecisionPoint, Kind, LogEntry, Status
from .selectors import (
    FILTERS,
    cases_prefetched,
    decisions_case_list,
    decisions_filter_choices,
    decisions_overdue_list,
    decisions_sheet_rows,
    decisions_status_counts,
    reference_index,
)
from .services import case_save, case_values, log_entry_add, point_save, point_values


def _filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip() for k in FILTERS}


def _stamps() -> dict[str, Any]:
    first = Case.objects.order_by("created_at").values_list("created_at", flat=True).first()
    last = DecisionPoint.objects.aggregate(m=Max("updated_at"))["m"]
    case_last = Case.objects.aggregate(m=Max("updated_at"))["m"]
    log_last = LogEntry.objects.aggregate(m=Max("created_at"))["m"]
    changed = max((d for d in (last, case_last, log_last) if d is not None), default=None)
    return {"published": first, "last_changed": changed}


PUBLIC_FILTERS = ("q", "year", "status", "body", "responsible")
PAGE_SIZE = 10  # cases per page: a phone page of a few screens (about 4 500 px at 390 px) with the points collapsed


def public_list(request: HttpRequest) -> HttpResponse:
    """The public register: search, filters (year, status, body, responsible), counts by status as
    tags that filter, 10 cases a page with the points collapsed. A GET form, so it works without
    JavaScript. The list part is cached per data version, day, filters, page, language and whether
    the reader may edit (tertial.web.pagecache); the frame around it is rendered per request."""
    today = timezone.localdate()
    can_edit = decisions_can_edit(request.user)
    filters = {k: request.GET.get(k, "").strip()[:200] for k in PUBLIC_FILTERS}
    page_number = request.GET.get("side", "1")

    def build() -> str:
        qs = cases_prefetched(decisions_case_list(filters=filters, today=today))
        page = Paginator(qs, PAGE_SIZE).get_page(page_number)
        page_range = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
        counts = decisions_status_counts(filters=filters, today=today)
        context = {
            "page": page,
            "page_range": list(page_range),
            "ellipsis": Paginator.ELLIPSIS,
            "cases": list(page.object_list),
            "filters": filters,
            "filtered": any(filters.values()),
            "status_counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
            "points_total": sum(counts.values()),
            **decisions_filter_choices(),
            "statuses": Status.choices,
            "refs": reference_index(),
            "today": today,
            "can_edit": can_edit,
            **_stamps(),
        }
        return render_to_string("decisions/_public_list_data.html", context)

    parts = (today.isoformat(), can_edit, tuple(sorted(filters.items())), page_number, get_language())
    fragment = pagecache.cached("decisions-public", parts, build)
    if request.headers.get("HX-Request") == "true":  # the form updates the list in place
        return HttpResponse(fragment)
    return render(request, "decisions/public_list.html", {"fragment": mark_safe(fragment)})


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(cases_prefetched(Case.objects.all()), pk=pk)
    context = {
        "case": case,
        "refs": reference_index(),
        "today": timezone.localdate(),
        "can_edit": decisions_can_edit(request.user),
    }
    return render(request, "decisions/case_detail.html", context)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    today = timezone.localdate()
    cases = list(cases_prefetched(decisions_case_list(filters=filters, today=today)))
    context = {
        "cases": cases,
        "filters": filters,
        **decisions_filter_choices(),
        "statuses": Status.choices,
        "today": today,
        "can_edit": decisions_can_edit(request.user),
    }
    return render(request, "decisions/register.html", context)


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "decisions/overdue.html", {"points": decisions_overdue_list(today), "today": today})


@login_required
def case_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    decisions_require_edit(request.user)
    case = get_object_or_404(Case, pk=pk) if pk else Case(kind=Kind.OTHER)
    before = case_values(case) if pk else {}
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        case = case_save(case=form.save(commit=False), actor=request.user, before=before)
        return redirect("decisions:case", pk=case.pk)
    title = _("Endre sak") if pk else _("Ny sak")
    return render(request, "decisions/form.html", {"form": form, "title": title, "case": case if pk else None})


@login_required
def point_edit(request: HttpRequest, pk: int | None = None, case_pk: int | None = None) -> HttpResponse:
    decisions_require_edit(request.user)
    if pk:
        point = get_object_or_404(DecisionPoint.objects.select_related("case"), pk=pk)
        before = point_values(point)
    else:
        case = get_object_or_404(Case, pk=case_pk)
        point = DecisionPoint(case=case, number=case.points.count() + 1)
        before = {}
    form = PointForm(request.POST or None, instance=point)
    if request.method == "POST" and form.is_valid():
        point = point_save(point=form.save(commit=False), actor=request.user, before=before)
        return redirect(reverse("decisions:case", args=[point.case_id]) + f"#punkt-{point.pk}")
    title = _("Endre vedtakspunkt") if pk else _("Nytt vedtakspunkt")
    return render(request, "decisions/form.html", {"form": form, "title": title, "case": point.case})


@login_required
def log_create(request: HttpRequest, pk: int) -> HttpResponse:
    decisions_require_edit(request.user)
    point = get_object_or_404(DecisionPoint.objects.select_related("case"), pk=pk)
    form = LogEntryForm(request.POST or None, initial={"entry_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        log_entry_add(
            point=point, text=form.cleaned_data["text"], entry_date=form.cleaned_data["entry_date"], actor=request.user
        )
        return redirect(reverse("decisions:case", args=[point.case_id]) + f"#punkt-{point.pk}")
    return render(request, "decisions/form.html", {"form": form, "title": _("Ny oppfølging"), "case": point.case})


# --- open data -----------------------------------------------------------------------------


def _date(d: Any) -> str | None:
    return d.isoformat() if d else None


def _point_json(p: DecisionPoint, today: Any) -> dict[str, Any]:
    c = p.completion
    return {
        "id": p.pk,
        "number": p.number,
        "title": p.title,
        "text": p.text,
        "proposer": p.proposer,
        "party": p.party,
        "on_behalf_of": p.on_behalf_of,
        "responsible": p.responsible,
        "expected_completion": {
            "text": p.expected_completion,
            "start": _date(c.start),
            "end": _date(c.end),
            "continuous": c.continuous,
            "problem": c.problem,
        },
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "overdue": p.is_overdue(today),
        "closed_on": _date(p.closed_on),
        "closed_text": p.closed_text,
        "closing_remark": p.closing_remark,
        "log": [{"date": _date(e.entry_date), "text": e.text} for e in p.log_entries.all()],
    }


def _case_json(case: Case, request: HttpRequest, today: Any) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "reference_key": case.reference_key,
        "year": case.year,
        "body": case.body,
        "meeting_date": _date(case.meeting_date),
        "kind": case.kind,
        "title": case.title,
        "proposer": case.proposer,
        "party": case.party,
        "on_behalf_of": case.on_behalf_of,
        "preamble": case.preamble,
        "url": request.build_absolute_uri(reverse("decisions:case", args=[case.pk])),
        "points": [_point_json(p, today) for p in case.points.all()],
        "updated_at": case.updated_at.isoformat(),
    }


API_PAGE_SIZE, API_MAX_PAGE_SIZE = 100, 500


def api_list(request: HttpRequest) -> HttpResponse:
    """Cases as JSON, filtered like the register, in pages (`side`, `antall` up to 500; default 100)
    with absolute `next`/`previous` links; the body is cached per data version, day, filters, page
    and host (the URLs are absolute)."""
    today = timezone.localdate()
    filters = _filters(request)
    try:
        size = min(max(int(request.GET.get("antall", API_PAGE_SIZE)), 1), API_MAX_PAGE_SIZE)
    except ValueError:
        size = API_PAGE_SIZE
    number = request.GET.get("side", "1")

    def build() -> bytes:
        page = Paginator(cases_prefetched(decisions_case_list(filters=filters, today=today)), size).get_page(number)
        base = {k: v for k, v in request.GET.items() if k != "side"}

        def link(n: int) -> str:
            return request.build_absolute_uri(request.path + "?" + urlencode({**base, "side": n}))

        data = {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "page_size": size,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [_case_json(c, request, today) for c in page.object_list],
        }
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False}).content

    parts = (today.isoformat(), tuple(sorted(request.GET.items())), request.scheme, request.get_host())
    return HttpResponse(pagecache.cached("decisions-api", parts, build), content_type="application/json")


def api_detail(request: HttpRequest, pk: int) -> JsonResponse:
    case = get_object_or_404(cases_prefetched(Case.objects.all()), pk=pk)
    return JsonResponse(_case_json(case, request, timezone.localdate()), json_dumps_params={"ensure_ascii": False})


def export_csv(request: HttpRequest) -> HttpResponse:
    """The register as the round-trip spreadsheet (core.decisions_sheet): the same columns
    `tertial decisions import` reads back; every text cell neutralised (issue 22)."""
    rows = decisions_sheet_rows(filters=_filters(request), today=timezone.localdate())
    response = HttpResponse(decisions_sheet_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="politiske-vedtak.csv"'
    return response


def export_xlsx(request: HttpRequest) -> HttpResponse:
    rows = decisions_sheet_rows(filters=_filters(request), today=timezone.localdate())
    response = HttpResponse(
        decisions_sheet_xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="politiske-vedtak.xlsx"'
    return response
