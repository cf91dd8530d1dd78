"""Reads of the decisions register: filtered lists (shared by the register, the API and the CSV)."""

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tertial.core import decisions_sheet as sheet
from tertial.core.decisions import (
    STATUS_LABELS,
    DecisionReportItem,
    PointStatus,
    norwegian_sort_key,
    parties_split,
)
from tertial.core.decisions_sheet import canonical_text

from .models import OPEN_STATUSES, Case, DecisionPoint, LogEntry

FILTERS = ("year", "status", "body", "party", "responsible", "overdue", "q")


def _overdue_q(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}expected_end__lt": today})


SEARCH_FIELDS = (
    "text",
    "title",
    "responsible",
    "proposer",
    "party",
    "closing_remark",
    "log_entries__text",
    "case__title",
    "case__reference",
    "case__proposer",
    "case__preamble",
)


def _icontains_q(fields: tuple[str, ...], text: str) -> Q:
    """Case-insensitive "contains" on both back-ends. SQLite's LIKE folds ASCII letters only, so
    "løvås" would miss "LØVÅS"; searching the lower, upper and capitalised spellings as well covers
    how Norwegian words are written (PostgreSQL folds them all anyway). No PG-only search features."""
    spellings = dict.fromkeys((text, text.lower(), text.upper(), text.capitalize(), text.title()))
    q = Q()
    for field in fields:
        for s in spellings:
            q |= Q(**{f"{field}__icontains": s})
    return q


def _in_list_q(field: str, item: str) -> Q:
    """`item` is one entry of a ", "-separated list field ("SP, KRF, FRP, H"): "R" must not match "KRF"."""
    return (
        Q(**{f"{field}__iexact": item})
        | Q(**{f"{field}__istartswith": f"{item}, "})
        | Q(**{f"{field}__iendswith": f", {item}"})
        | Q(**{f"{field}__icontains": f", {item}, "})
    )


def decisions_overdue_list(today: date) -> QuerySet[DecisionPoint]:
    """Open points whose expected completion has passed on `today`, oldest deadline first. The same
    rule as `tertial.core.decisions.point_is_overdue`, as a query (the periodic report uses it too)."""
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
        point_q &= _icontains_q(("responsible",), f["responsible"])
    if "party" in f:
        party = f["party"]
        point_q &= (
            Q(party__iexact=party)
            | _in_list_q("on_behalf_of", party)
            | Q(case__party__iexact=party)
            | _in_list_q("case__on_behalf_of", party)
        )
    if str(f.get("overdue", "")).lower() in ("1", "true", "ja", "on"):
        point_q &= _overdue_q(today or timezone.localdate())
    if "q" in f:
        point_q &= _icontains_q(SEARCH_FIELDS, f["q"])
    if point_q:
        qs = qs.filter(Exists(DecisionPoint.objects.filter(point_q, case=OuterRef("pk"))))
    return qs.order_by("-year", "pk")


def case_reference_taken(key: str, *, exclude_pk: int | None = None) -> bool:
    qs = Case.objects.filter(reference_key=key)
    if exclude_pk is not None:  # exclude(pk=None) excluded nothing
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def decisions_filter_choices() -> dict[str, list[Any]]:
    """The values the register's filters offer: years newest first; bodies, parties and responsible
    in Norwegian alphabetical order (Æ, Ø, Å last)."""
    years = Case.objects.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()
    bodies = set(Case.objects.values_list("body", flat=True))
    parties: set[str] = set()
    for party, behalf in [
        *Case.objects.values_list("party", "on_behalf_of"),
        *DecisionPoint.objects.values_list("party", "on_behalf_of"),
    ]:
        parties.update(p for p in (party, *parties_split(behalf)) if p)
    responsible = {r for r in DecisionPoint.objects.values_list("responsible", flat=True) if r}
    return {
        "years": list(years),
        "bodies": sorted(bodies, key=norwegian_sort_key),
        "parties": sorted(parties, key=norwegian_sort_key),
        "responsible": sorted(responsible, key=norwegian_sort_key),
    }


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
    overdue = [_report_item(p) for p in decisions_overdue_list(end)]
    closed = (
        DecisionPoint.objects.filter(closed_on__gte=start, closed_on__lte=end)
        .select_related("case")
        .order_by("closed_on", "pk")
    )
    return overdue, [_report_item(p) for p in closed]


# --- the spreadsheet round trip (core.decisions_sheet) ---------------------------------------


def _canonical(obj: Any, fields: tuple[str, ...]) -> dict[str, str]:
    return {f: canonical_text(getattr(obj, f)) for f in fields}


def _sheet_date(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def decisions_sheet_rows(*, filters: dict[str, Any] | None = None, today: date | None = None) -> list[list[Any]]:
    """One row per decision point, the case's columns repeated, in `sheet.HEADERS` order: what
    `tertial decisions export` and the public CSV/XLSX write and what the import reads back."""
    rows: list[list[Any]] = []
    for case in cases_prefetched(decisions_case_list(filters=filters, today=today)):
        c_values = _canonical(case, sheet.CASE_FIELDS)
        case_cells = [
            str(case.external_id),
            sheet.case_version(c_values),
            case.reference,
            case.year or "",
            case.body,
            _sheet_date(case.meeting_date),
            case.kind,
            case.title,
            case.proposer,
            case.party,
            case.on_behalf_of,
            case.preamble,
        ]
        for p in case.points.all():
            p_values = _canonical(p, sheet.POINT_FIELDS)
            log = " | ".join(
                f"{e.entry_date:%d.%m.%Y}: {e.text}" if e.entry_date else e.text for e in p.log_entries.all()
            )
            rows.append(
                [
                    *case_cells,
                    str(p.external_id),
                    sheet.point_version(p_values),
                    p.number,
                    p.title,
                    p.text,
                    p.proposer,
                    p.party,
                    p.on_behalf_of,
                    p.responsible,
                    p.expected_completion,
                    STATUS_LABELS[PointStatus(p.status)],
                    _sheet_date(p.closed_on),
                    p.closed_text,
                    p.closing_remark,
                    log,
                    "",
                ]
            )
    return rows


def decisions_sheet_records(*, lock: bool = False) -> tuple[dict[str, sheet.Record], dict[str, sheet.Record]]:
    """Every case and point of the register as canonical values by external id, for `sheet_plan`;
    `lock`: the rows are locked until the caller's transaction ends (PostgreSQL; SQLite's write
    transaction locks the whole file anyway)."""
    case_qs, point_qs = Case.objects.all(), DecisionPoint.objects.select_related("case")
    if lock:
        case_qs, point_qs = case_qs.select_for_update(), point_qs.select_for_update(of=("self",))
    cases = {str(c.external_id): sheet.Record(str(c.external_id), _canonical(c, sheet.CASE_FIELDS)) for c in case_qs}
    points = {
        str(p.external_id): sheet.Record(str(p.external_id), _canonical(p, sheet.POINT_FIELDS), str(p.case.external_id))
        for p in point_qs
    }
    return cases, points


def decisions_status_counts(*, filters: dict[str, Any] | None = None, today: date | None = None) -> dict[str, int]:
    """Points by status in the cases matching `filters` *without* their status filter: the counts the
    public page shows as tags, each of which then filters by its status."""
    rest = {k: v for k, v in (filters or {}).items() if k != "status"}
    cases = decisions_case_list(filters=rest, today=today)
    rows = DecisionPoint.objects.filter(case__in=cases).values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rows}
