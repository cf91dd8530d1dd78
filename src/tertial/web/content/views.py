"""Screens for sick leave, indicator tables, milestone plans and free sections. Each view checks
access, fetches through selectors, calls one service on POST and renders; no arithmetic here."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tertial.core import milestones as core_ms
from tertial.core.errors import DomainError
from tertial.core.report import year_trend_chart
from tertial.renderers.charts import chart_svg_web
from tertial.web.accounts.access import is_finance
from tertial.web.audience import audience_for, period_required, visible_periods
from tertial.web.org.selectors import municipality_get

from . import selectors, services
from .access import content_edit_required, content_read_required, sick_leave_audience
from .forms import MilestoneDoneForm, MilestoneReviseForm, SectionForm
from .models import Milestone, MilestonePlan, Section, SickLeaveRecord


def _base(request: HttpRequest, **extra) -> dict:
    m = municipality_get()
    return {"municipality_name": m.name if m else "", "can_edit": is_finance(request.user), **extra}


def _periods() -> list[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for model in (Section, MilestonePlan):
        found |= set(model.objects.values_list("year", "month").distinct())
    for y, m in SickLeaveRecord.objects.values_list("year", "month").distinct():
        found.add((y, m))
    return sorted(found, reverse=True)


@require_GET
def content_index(request: HttpRequest) -> HttpResponse:
    """The dashboard: the periods with content and every overdue milestone today, of the periods the
    user may see (council members: published rounds only)."""
    content_read_required(request.user)
    today = timezone.localdate()
    every = _periods()
    periods = visible_periods(request.user, every)
    return render(
        request,
        "content/index.html",
        _base(
            request,
            periods=periods,
            unpublished=bool(every) and not periods,  # there is content, none of it published for this user
            overdue=selectors.overdue_milestones(today, periods=periods),
            today=today,
        ),
    )


@require_GET
def content_period(request: HttpRequest, year: int, month: int) -> HttpResponse:
    content_read_required(request.user)
    period_required(audience_for(request.user, year, month))
    today = timezone.localdate()
    plans = [
        (
            v,
            [
                (mid, m, core_ms.milestone_status(m, today))
                for mid, m in zip(v.milestone_ids, v.plan.milestones, strict=True)
            ],
        )
        for v in selectors.milestone_plans_list(year=year, month=month)
    ]
    return render(
        request,
        "content/period.html",
        _base(
            request,
            year=year,
            month=month,
            has_sick_leave=selectors.sick_leave_get(year=year, month=month) is not None,
            tables=selectors.indicator_tables_list(year=year, month=month),
            plans=plans,
            sections=[
                (sid, s, mark_safe(s.html)) for sid, s in selectors.sections_list(year=year, month=month)
            ],  # sanitised on save
            mismatches=selectors.content_mismatches(year=year, month=month),
        ),
    )


@require_GET
def sick_leave_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    content_read_required(request.user)
    period_required(audience_for(request.user, year, month))
    view = selectors.sick_leave_get(year=year, month=month, audience=sick_leave_audience(request.user))
    charts = []
    if view:
        charts = [
            (t, mark_safe(chart_svg_web(c, f"sykefravaer-{n}")) if (c := year_trend_chart(t)) else "")
            for n, t in enumerate(view.trends)
        ]  # built from escaped parts
    return render(request, "content/sick_leave.html", _base(request, year=year, month=month, view=view, charts=charts))


@require_http_methods(["GET", "POST"])
def section_create(request: HttpRequest, year: int, month: int) -> HttpResponse:
    content_edit_required(request.user)
    return _section_form(request, None, year, month)


@require_http_methods(["GET", "POST"])
def section_update(request: HttpRequest, pk: int) -> HttpResponse:
    content_edit_required(request.user)
    section = get_object_or_404(Section, pk=pk)
    return _section_form(request, section, section.year, section.month)


def _section_form(request: HttpRequest, section: Section | None, year: int, month: int) -> HttpResponse:
    form = SectionForm(request.POST or None, instance=section)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(
                section=section,
                year=year,
                month=month,
                title=form.cleaned_data["title"],
                html=form.cleaned_data["html"],
                sort_order=form.cleaned_data["sort_order"],
                decision_reference=form.cleaned_data["decision_reference"],
                decision_url=form.cleaned_data["decision_url"],
                actor=request.user,
            )
        except DomainError as exc:  # e.g. the period is locked
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, _("Seksjonen er lagret."))
            return redirect("content:period", year=year, month=month)
    return render(
        request,
        "content/section_form.html",
        _base(request, form=form, section=section, year=year, month=month),
        status=status,
    )


@require_http_methods(["POST"])
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    content_edit_required(request.user)
    section = get_object_or_404(Section, pk=pk)
    year, month = section.year, section.month
    try:
        services.section_delete(section=section, actor=request.user)
    except DomainError as exc:  # e.g. the period is locked
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Seksjonen er slettet."))
    return redirect("content:period", year=year, month=month)


@require_http_methods(["GET", "POST"])
def milestone_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Revise a milestone's date (history kept) or set its done date."""
    content_edit_required(request.user)
    milestone = get_object_or_404(Milestone.objects.select_related("plan"), pk=pk)
    revise = MilestoneReviseForm(request.POST if request.POST.get("action") == "revise" else None)
    done = MilestoneDoneForm(
        request.POST if request.POST.get("action") == "done" else None, initial={"done_date": milestone.done_date}
    )
    if request.method == "POST":
        if revise.is_bound and revise.is_valid():
            try:
                services.milestone_revise(
                    milestone=milestone,
                    new_date=revise.cleaned_data["new_date"],
                    reason=revise.cleaned_data["reason"],
                    decided=revise.cleaned_data["decided"],
                    actor=request.user,
                )
            except DomainError as exc:
                revise.add_error("new_date", str(exc))
            else:
                messages.success(request, _("Milepælen er revidert."))
                return redirect("content:period", year=milestone.plan.year, month=milestone.plan.month)
        elif done.is_bound and done.is_valid():
            try:
                services.milestone_done_set(
                    milestone=milestone, done_date=done.cleaned_data["done_date"], actor=request.user
                )
            except DomainError as exc:  # e.g. the period is locked
                done.add_error("done_date", str(exc))
            else:
                messages.success(request, _("Milepælen er oppdatert."))
                return redirect("content:period", year=milestone.plan.year, month=milestone.plan.month)
    return render(
        request,
        "content/milestone_form.html",
        _base(
            request,
            milestone=milestone,
            core=selectors.milestone_to_core(milestone),
            revise=revise,
            done=done,
        ),
    )
