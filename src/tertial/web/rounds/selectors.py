"""Reads for the round pages and for the report of a locked round.

`locked_status_table_get(year, month)` and `locked_comments_get(year, month)` return what a locked
round froze; the report of that period uses them (and falls back to the live figures when they
return None, i.e. no locked round for the period).
"""

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum
from django.http import Http404

from tertial.core import projection as projection_core
from tertial.core.comments import Measure as CoreMeasure
from tertial.core.comments import MeasureStatus
from tertial.core.comments import SectorComment as CoreSectorComment
from tertial.core.comments import UnitComment as CoreUnitComment
from tertial.core.periodised import PROFILE_EVEN
from tertial.core.periods import Period
from tertial.core.rounds import ForecastPreview, ProfilePoint, TaskState, forecast_preview, task_overdue, ytd_profile
from tertial.core.status import CentralItem as CoreCentralItem
from tertial.core.status import RowKind, StatusRow, StatusTable
from tertial.web.audit.models import AuditEntry
from tertial.web.audit.selectors import HistoryRow
from tertial.web.audit.selectors import history_rows as audit_history_rows
from tertial.web.budget import selectors as budget_selectors
from tertial.web.budget.models import Balance, Forecast, SectorComment, UnitComment
from tertial.web.budget.selectors import PeriodComments, monthly_budgets_get
from tertial.web.forecasting.selectors import drift_threshold, forecast_overview_get
from tertial.web.org.models import Sector, Unit

from .models import TASK_STATE_LABELS, Round, Snapshot, Task


def round_get(*, year: int, month: int) -> Round:
    try:
        return Round.objects.select_related("budget_year").get(budget_year__year=year, period=month)
    except Round.DoesNotExist:
        raise Http404("Ingen rapporteringsrunde for perioden") from None


def round_list(*, published_only: bool = False) -> list[Round]:
    qs = Round.objects.select_related("budget_year")
    return list(qs.filter(published=True) if published_only else qs)


# --- Locked rounds: the snapshot as core types -------------------------------------------------------


def _snapshot(year: int, month: int) -> Snapshot | None:
    return (
        Snapshot.objects.filter(round__budget_year__year=year, round__period=month, round__state="locked")
        .select_related("round__budget_year")
        .first()
    )


def _table_from(snap: Snapshot) -> StatusTable:
    rows = tuple(
        StatusRow(
            kind=RowKind(r["kind"]),
            code=r["code"],
            name=r["name"],
            sector_code=r["sector_code"],
            actual=r["actual"],
            budget=r["budget"],
            forecast=r["forecast"],
            forecast_reported=r["forecast_reported"],
        )
        for r in snap.rows
    )
    return StatusTable(period=Period(snap.round.budget_year.year, snap.round.period), rows=rows)


def _comments_from(snap: Snapshot) -> PeriodComments:
    units = {
        c["ansvar"]: CoreUnitComment(
            ansvar=c["ansvar"],
            cause=c["cause"],
            consequence=c["consequence"],
            text=c["text"],
            measures=tuple(
                CoreMeasure(
                    text=m["text"],
                    effect=m["effect"],
                    start=date.fromisoformat(m["start"]) if m["start"] else None,
                    status=MeasureStatus(m["status"]) if m["status"] else None,
                )
                for m in c["measures"]
            ),
        )
        for c in snap.unit_comments
    }
    sectors = {s["sector"]: CoreSectorComment(sector=s["sector"], text=s["text"]) for s in snap.sector_comments}
    return PeriodComments(units=units, sectors=sectors)


def published_status_get(year: int, month: int) -> tuple[StatusTable, list[CoreCentralItem]] | None:
    """The frozen table and central items of the period's round if it is locked and published."""
    locked = locked_round_get(year, month)
    return (locked.table, locked.central) if locked and locked.published else None


@dataclass(frozen=True)
class LockedRound:
    table: StatusTable
    central: list[CoreCentralItem]
    comments: PeriodComments
    published: bool


def locked_round_get(year: int, month: int) -> LockedRound | None:
    """Everything the period's locked round froze, for the report; None if the period is not locked."""
    snap = _snapshot(year, month)
    if snap is None:
        return None
    return LockedRound(
        table=_table_from(snap),
        central=[CoreCentralItem(**c) for c in snap.central_items],
        comments=_comments_from(snap),
        published=snap.round.published,
    )


def locked_status_table_get(year: int, month: int) -> StatusTable | None:
    """The status table frozen when the round for the period was locked; None if there is none."""
    snap = _snapshot(year, month)
    return _table_from(snap) if snap else None


def locked_comments_get(year: int, month: int) -> PeriodComments | None:
    """The unit and sector comments (keyed by ansvar / sector code) frozen with the locked round."""
    snap = _snapshot(year, month)
    return _comments_from(snap) if snap else None


def locked_central_items_list(year: int, month: int) -> list[CoreCentralItem] | None:
    snap = _snapshot(year, month)
    return [CoreCentralItem(**c) for c in snap.central_items] if snap else None


def round_table_get(rnd: Round) -> StatusTable:
    """The round's status table: frozen if locked, live otherwise."""
    if rnd.is_locked:
        return _table_from(Snapshot.objects.select_related("round__budget_year").get(round=rnd))
    return budget_selectors.status_table_get(year=rnd.year, month=rnd.period)


def round_comments_get(rnd: Round) -> PeriodComments:
    if rnd.is_locked:
        return _comments_from(Snapshot.objects.select_related("round__budget_year").get(round=rnd))
    return budget_selectors.comments_get(year=rnd.year, month=rnd.period)


# --- Round overview ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    task: Task
    overdue: bool
    forecast: int | None


@dataclass(frozen=True)
class Overview:
    rows: list[TaskRow]
    counts: list[tuple[str, str, int]]  # (state, label, n) in workflow order
    overdue: int


def round_overview_get(rnd: Round, tasks: Iterable[Task], *, today: date) -> Overview:
    tasks = list(tasks)
    forecasts = dict(
        Forecast.objects.filter(unit__in=[t.unit_id for t in tasks], period=rnd.period).values_list("unit_id", "amount")
    )
    rows = [
        TaskRow(
            t,
            not rnd.is_locked and task_overdue(TaskState(t.state), deadline=rnd.deadline, today=today),
            forecasts.get(t.unit_id),
        )
        for t in tasks
    ]
    n = Counter(t.state for t in tasks)
    counts = [(str(s), str(label), n.get(s, 0)) for s, label in TASK_STATE_LABELS.items()]
    return Overview(rows=rows, counts=counts, overdue=sum(r.overdue for r in rows))


@dataclass(frozen=True)
class RoundSummary:
    """Where the units stand, for the lock and publish confirmations."""

    approved: int
    pending: int  # submitted, waiting for finance
    not_in: int  # not started, draft or returned


def round_summary_get(rnd: Round) -> RoundSummary:
    n = Counter(TaskState(s) for s in rnd.tasks.values_list("state", flat=True))
    return RoundSummary(
        approved=n[TaskState.APPROVED],
        pending=n[TaskState.SUBMITTED],
        not_in=n[TaskState.NOT_STARTED] + n[TaskState.DRAFT] + n[TaskState.RETURNED],
    )


# --- Unit page ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastHistoryRow:
    period: Period
    amount: int
    entered_by: str
    state: str  # the round task's state label for that period, "" without a round


@dataclass
class UnitPage:
    unit: Unit
    row: StatusRow
    previous_forecast: int | None
    profile: tuple[ProfilePoint, ...]
    profile_source: str  # core.periodised.PROFILE_*: imported, derived from earlier years, or twelfths
    by_art: list[tuple[str, int]]
    forecast_history: list[ForecastHistoryRow]
    comment: UnitComment | None
    history: list[HistoryRow]
    projection: "UnitForecastView | None" = None


@dataclass(frozen=True)
class UnitForecastView:
    """The unit page's "Statistisk årsprognose": the projection, the unit's forecast, the budget, the
    flag (if any), and the chart's series (core.projection_chart_series; its pixels are
    renderers.charts.unit_projection_scene)."""

    projection: projection_core.UnitProjection
    forecast: int | None
    budget: int
    flag: projection_core.Flag | None
    series: projection_core.ProjectionChartSeries


def _unit_row(unit: Unit, year: int, month: int) -> StatusRow:
    actual = Balance.objects.filter(unit=unit, period__lte=month).aggregate(t=Sum("amount"))["t"] or 0
    budget = budget_selectors.revised_budget_by_unit(year, month).get(unit.code, 0)
    fc = Forecast.objects.filter(unit=unit, period=month).values_list("amount", flat=True).first()
    return StatusRow(
        kind=RowKind.UNIT,
        code=unit.code,
        name=unit.name,
        sector_code=unit.sector.code,
        actual=actual,
        budget=budget,
        forecast=budget if fc is None else fc,
        forecast_reported=fc is not None,
    )


def _unit_forecast_view(
    unit: Unit, row: StatusRow, monthly: dict[int, int], year: int, month: int
) -> UnitForecastView | None:
    """The unit's statistical projection, or None when the engine cannot give one."""
    try:
        overview = forecast_overview_get(year=year, month=month)
        proj = overview.projection.by_unit.get(unit.code)
    except Exception:  # the unit page must render even when the forecast engine fails
        logging.getLogger(__name__).exception("Statistisk prognose for %s feilet", unit.code)
        return None
    if proj is None:
        return None
    forecast = row.forecast if row.forecast_reported else None
    series = projection_core.projection_chart_series(monthly, month, proj)
    return UnitForecastView(
        projection=proj,
        forecast=forecast,
        budget=row.budget,
        flag=next((f for f in overview.flags if f.unit == unit.code), None),
        series=series,
    )


def unit_page_get(*, unit: Unit, rnd: Round | None, year: int, month: int) -> UnitPage:
    row = None
    if rnd is not None and rnd.is_locked:
        row = next((r for r in round_table_get(rnd).units if r.code == unit.code), None)
    if row is None:
        row = _unit_row(unit, year, month)
    monthly = dict(
        Balance.objects.filter(unit=unit, period__lte=month)
        .values("period")
        .annotate(t=Sum("amount"))
        .values_list("period", "t")
    )
    periodised = monthly_budgets_get(year=year, month=month).get(unit.code)
    profile = ytd_profile(monthly, budget=row.budget, month=month, periodised=periodised.months if periodised else None)
    by_art = list(
        Balance.objects.filter(unit=unit, period__lte=month)
        .values("art")
        .annotate(t=Sum("amount"))
        .order_by("art")
        .values_list("art", "t")
    )
    states = dict(Task.objects.filter(unit=unit).values_list("round__period", "state"))
    forecasts = list(Forecast.objects.filter(unit=unit).order_by("period"))
    history_rows = [
        ForecastHistoryRow(
            Period(year, f.period),
            f.amount,
            f.entered_by,
            str(TASK_STATE_LABELS[TaskState(states[f.period])]) if f.period in states else "",
        )
        for f in forecasts
    ]
    previous = next((f.amount for f in reversed(forecasts) if f.period < month), None)
    comment = UnitComment.objects.filter(unit=unit, period=month).prefetch_related("measures").first()
    task_ids = list(Task.objects.filter(unit=unit).values_list("pk", flat=True))
    comment_ids = list(UnitComment.objects.filter(unit=unit).values_list("pk", flat=True))
    history = audit_history_rows(
        AuditEntry.objects.filter(
            Q(object_type="budget.forecast", object_id__in=[str(f.pk) for f in forecasts])
            | Q(object_type="budget.unitcomment", object_id__in=[str(i) for i in comment_ids])
            | Q(object_type="rounds.task", object_id__in=[str(i) for i in task_ids])
        )[:100]
    )
    return UnitPage(
        unit=unit,
        row=row,
        previous_forecast=previous,
        profile=profile,
        profile_source=periodised.source if periodised else PROFILE_EVEN,
        by_art=by_art,
        forecast_history=history_rows,
        comment=comment,
        history=history,
        projection=_unit_forecast_view(unit, row, monthly, year, month),
    )


@dataclass(frozen=True)
class ExplanationReference:
    """What the explanation rule measures a unit's forecast against: the previous report of the year
    (None in the year's first report, then the revised budget)."""

    previous: int | None
    previous_label: str
    budget: int


def explanation_reference_get(*, unit: Unit, year: int, month: int) -> ExplanationReference:
    previous = Forecast.objects.filter(unit=unit, period__lt=month).order_by("-period").first()
    return ExplanationReference(
        previous=previous.amount if previous else None,
        previous_label=f"{previous.period:02d}.{year}" if previous else "",
        budget=budget_selectors.revised_budget_by_unit(year, month).get(unit.code, 0),
    )


def forecast_preview_get(*, unit: Unit, year: int, month: int, forecast: int) -> ForecastPreview:
    """The form's live figures for a typed forecast (øre): avvik, forbruk, and whether a cause is needed."""
    ref = explanation_reference_get(unit=unit, year=year, month=month)
    actual = Balance.objects.filter(unit=unit, period__lte=month).aggregate(t=Sum("amount"))["t"] or 0
    return forecast_preview(
        forecast=forecast, actual=actual, budget=ref.budget, previous=ref.previous, threshold=drift_threshold()
    )


def sector_comment_get(*, sector: Sector, month: int) -> SectorComment | None:
    return SectorComment.objects.filter(sector=sector, period=month).first()


def unit_get(*, year: int, code: str) -> Unit:
    try:
        return Unit.objects.select_related("sector").get(budget_year__year=year, code=code)
    except Unit.DoesNotExist:
        raise Http404("Ukjent ansvar") from None


def my_tasks_list(codes: set[str] | None) -> list[Task]:
    """Open tasks for these unit codes (None = all), newest round first."""
    qs = Task.objects.filter(round__state="open").select_related("round__budget_year", "unit__sector")
    if codes is not None:
        qs = qs.filter(unit__code__in=codes)
    return list(qs.order_by("-round__budget_year__year", "-round__period", "unit__code"))
