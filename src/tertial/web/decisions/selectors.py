"""Reads of the decisions register: filtered lists (shared by the register, the API and the CSV)."""

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tertial.core.decisions import DecisionReportItem, PointStatus

from .models import OPEN_STATUSES, Case, DecisionPoint, LogEntry

FILTERS = ("year", "status", "body", "party", "responsible", "overdue", "q")


def _overdue_q(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}expected_end__lt": today})


def decisions_overdue_list(*, today: date) -> QuerySet[DecisionPoint]:
    """Open points whose expected completion has passed, oldest deadline first."""
    return DecisionPoint.objects.filter(_overdue_q(today)).select_related("case").order_by("expected_end", "pk")


def cases_prefetched(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.prefetch_related(
        Prefetch(
            "points",
            queryset=DecisionPoint.objects.order_by("number", "pk").prefetch_related(
                Prefetch("log_entries", queryset=LogEntry.objects.order_by("entry_date", "pk"))
            ),
        )
    )


def decisions_case_list(*, filters: dict[str, Any] | None = None, today: date | None = None) -> QuerySet[Case]:
    """Cases matching the filters (a case matches when one of its points does), newest year first."""
    f = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    qs = Case.objects.all()
    point_q = Q()
    if "year" in f:
        try:
            qs = qs.filter(year=int(f["year"]))
        except (TypeError, ValueError):
            qs = qs.none()
    if "body" in f:
        qs = qs.filter(body__iexact=f["body"])
    if "status" in f:
        point_q &= Q(status=f["status"])
    if "responsible" in f:
        point_q &= Q(responsible__icontains=f["responsible"])
    if "party" in f:
        party = f["party"]
        point_q &= Q(party__iexact=party) | Q(on_behalf_of__icontains=party) | Q(case__party__iexact=party)
    if str(f.get("overdue", "")).lower() in ("1", "true", "ja", "on"):
        point_q &= _overdue_q(today or timezone.localdate())
    if "q" in f:
        text = f["q"]
        point_q &= (
            Q(text__icontains=text)
            | Q(title__icontains=text)
            | Q(responsible__icontains=text)
            | Q(proposer__icontains=text)
            | Q(log_entries__text__icontains=text)
            | Q(case__title__icontains=text)
            | Q(case__reference__icontains=text)
            | Q(case__proposer__icontains=text)
            | Q(case__preamble__icontains=text)
        )
    if point_q:
        qs = qs.filter(Exists(DecisionPoint.objects.filter(point_q, case=OuterRef("pk"))))
    return qs.order_by("-year", "pk")


def reference_index() -> dict[str, int]:
    """Normalised reference → case id, to turn references in log entries into links."""
    return dict(Case.objects.values_list("reference_key", "pk"))


def _report_item(p: DecisionPoint) -> DecisionReportItem:
    return DecisionReportItem(
        reference=p.case.reference,
        case_title=p.case.title,
        text=p.text,
        responsible=p.responsible,
        expected=p.expected_completion,
        status=PointStatus(p.status),
        closed_on=p.closed_on,
    )


def decisions_report_items(*, start: date, end: date) -> tuple[list[DecisionReportItem], list[DecisionReportItem]]:
    """For the periodic report: points overdue at `end`, and points closed from `start` to `end`."""
    overdue = [_report_item(p) for p in decisions_overdue_list(today=end)]
    closed = (
        DecisionPoint.objects.filter(closed_on__gte=start, closed_on__lte=end)
        .select_related("case")
        .order_by("closed_on", "pk")
    )
    return overdue, [_report_item(p) for p in closed]
