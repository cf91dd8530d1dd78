"""Screens and open data for political decisions under follow-up."""

import csv
from collections import OrderedDict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tertial.core.completion import completion_display, completion_parse
from tertial.core.decisions import STATUS_LABELS
from tertial.core.errors import InputError
from tertial.renderers.cells import neutralising
from tertial.web import pagecache

from .access import decisions_can_edit, decisions_require_edit
from .forms import CaseForm, DecisionsImportForm, LogEntryForm, PointForm
from .models import Case, DecisionPoint, Kind, LogEntry, Status
from .selectors import (
    FILTERS,
    cases_prefetched,
    decisions_case_list,
    decisions_filter_choices,
    decisions_overdue_list,
    reference_index,
)
from .services import (
    DecisionsImportReport,
    case_save,
    case_values,
    decisions_import_stage,
    decisions_import_staged,
    decisions_import_text,
    decisions_import_unstage,
    log_entry_add,
    point_save,
    point_values,
)


def _filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip() for k in FILTERS}


def _stamps() -> dict[str, Any]:
    first = Case.objects.order_by("created_at").values_list("created_at", flat=True).first()
    last = DecisionPoint.objects.aggregate(m=Max("updated_at"))["m"]
    case_last = Case.objects.aggregate(m=Max("updated_at"))["m"]
    log_last = LogEntry.objects.aggregate(m=Max("created_at"))["m"]
    changed = max((d for d in (last, case_last, log_last) if d is not None), default=None)
    return {"published": first, "last_changed": changed}


def _group_by_year(cases: list[Case]) -> list[tuple[int | None, list[Case]]]:
    groups: OrderedDict[int | None, list[Case]] = OrderedDict()
    for case in cases:
        groups.setdefault(case.year, []).append(case)
    return list(groups.items())


def public_list(request: HttpRequest) -> HttpResponse:
    """The public register. Its data part is cached per data version, day (what is overdue) and
    whether the reader may edit (tertial.web.pagecache); the frame around it is rendered per request."""
    today = timezone.localdate()
    can_edit = decisions_can_edit(request.user)

    def build() -> str:
        cases = list(cases_prefetched(decisions_case_list()))
        context = {
            "years": _group_by_year(cases),
            "refs": reference_index(),
            "today": today,
            "can_edit": can_edit,
            **_stamps(),
        }
        return render_to_string("decisions/_public_list_data.html", context)

    fragment = pagecache.cached("decisions-public", (today.isoformat(), can_edit), build)
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


# --- import of a follow-up list: upload → preview → confirm ---------------------------------

IMPORT_GONE = _("Forhåndsvisningen finnes ikke lenger (den er brukt eller utløpt). Last opp fila på nytt.")


def _preview_cases(report: DecisionsImportReport) -> list[dict[str, Any]]:
    """The parsed cases as the preview shows them, each marked new, updated (with fields) or unchanged."""
    updated = {c.reference: c.fields for c in report.updated}
    added = set(report.added)
    cases = []
    for c in report.result.cases:
        state = "new" if c.reference_text in added else ("updated" if c.reference_text in updated else "unchanged")
        points = []
        for p in c.points:
            completion = completion_parse(p.expected_completion)
            points.append(
                {
                    "p": p,
                    "status": STATUS_LABELS[p.status],
                    "completion": completion_display(completion) if p.expected_completion else "",
                    "completion_ok": completion.parsed or not p.expected_completion,
                }
            )
        cases.append({"c": c, "state": state, "fields": updated.get(c.reference_text, []), "points": points})
    return cases


def _render_preview(
    request: HttpRequest, report: DecisionsImportReport, token: str, name: str, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "report": report,
        "result": report.result,
        "cases": _preview_cases(report),
        "token": token,
        "name": name,
        "error": error,
        "placed": len(report.result.placed),
    }
    return render(request, "decisions/import_preview.html", context, status=status)


@login_required
def import_text(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a follow-up list; it is read, and what an import would do is shown (nothing is written)."""
    decisions_require_edit(request.user)
    form = DecisionsImportForm(request.POST or None, request.FILES or None)
    refused = ""
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"]
        name = str(getattr(request.FILES.get("file"), "name", "") or "opplasting.txt")
        try:
            report = decisions_import_text(text=text, name=name, dry_run=True)
        except InputError as exc:
            refused = "; ".join(p.message for p in exc.problems)
        else:
            return _render_preview(request, report, decisions_import_stage(text=text), name)
    status = 400 if request.method == "POST" else 200
    return render(request, "decisions/import.html", {"form": form, "refused": refused}, status=status)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: write exactly what the preview showed (refused, with a fresh preview, if the register changed)."""
    decisions_require_edit(request.user)
    token = request.POST.get("token", "")
    name = request.POST.get("name", "")[:200] or "opplasting.txt"
    text = decisions_import_staged(token=token)
    if text is None or not request.POST.get("digest"):
        form = DecisionsImportForm()
        return render(request, "decisions/import.html", {"form": form, "refused": IMPORT_GONE}, status=400)
    try:
        report = decisions_import_text(
            text=text, name=name, actor=request.user, expect_digest=request.POST.get("digest", "")
        )
    except InputError as exc:
        fresh = decisions_import_text(text=text, name=name, dry_run=True)
        message = "; ".join(p.message for p in exc.problems)
        return _render_preview(request, fresh, token, name, error=message, status=409)
    decisions_import_unstage(token=token)
    return render(request, "decisions/import_done.html", {"report": report, "name": name})


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


def api_list(request: HttpRequest) -> HttpResponse:
    """All cases as JSON, filtered like the register; the body is cached per data version, day,
    filters and host (the case URLs are absolute)."""
    today = timezone.localdate()
    filters = _filters(request)

    def build() -> bytes:
        cases = cases_prefetched(decisions_case_list(filters=filters, today=today))
        data = [_case_json(c, request, today) for c in cases]
        return JsonResponse({"count": len(data), "results": data}, json_dumps_params={"ensure_ascii": False}).content

    parts = (today.isoformat(), tuple(sorted(filters.items())), request.scheme, request.get_host())
    return HttpResponse(pagecache.cached("decisions-api", parts, build), content_type="application/json")


def api_detail(request: HttpRequest, pk: int) -> JsonResponse:
    case = get_object_or_404(cases_prefetched(Case.objects.all()), pk=pk)
    return JsonResponse(_case_json(case, request, timezone.localdate()), json_dumps_params={"ensure_ascii": False})


CSV_HEADER = [
    "saksnummer",
    "år",
    "organ",
    "type",
    "tittel",
    "forslagsstiller",
    "parti",
    "på vegne av",
    "punkt",
    "vedtakstekst",
    "ansvarlig",
    "forventa avsluttet",
    "forventa fra",
    "forventa til",
    "status",
    "avsluttet dato",
    "avsluttet (som skrevet)",
    "oppfølging",
]


def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="politiske-vedtak.csv"'
    response.write("\ufeff")
    writer = neutralising(csv.writer(response, delimiter=";"))  # user text never a live formula (issue 22)
    writer.writerow(CSV_HEADER)
    cases = cases_prefetched(decisions_case_list(filters=_filters(request), today=timezone.localdate()))
    for case in cases:
        for p in case.points.all():
            c = p.completion
            writer.writerow(
                [
                    case.reference,
                    case.year or "",
                    case.body,
                    case.get_kind_display(),
                    case.title,
                    p.proposer or case.proposer,
                    p.party or case.party,
                    p.on_behalf_of or case.on_behalf_of,
                    p.number,
                    p.text,
                    p.responsible,
                    p.expected_completion,
                    c.start.strftime("%d.%m.%Y") if c.start else "",
                    c.end.strftime("%d.%m.%Y") if c.end else "",
                    p.get_status_display(),
                    p.closed_on.strftime("%d.%m.%Y") if p.closed_on else "",
                    p.closed_text,
                    " | ".join(e.text for e in p.log_entries.all()),
                ]
            )
    return response
