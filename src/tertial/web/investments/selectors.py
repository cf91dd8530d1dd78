"""Reads of investment data for the pages, the CLI and the report, as core values."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum

from tertial.core import investments as core
from tertial.core.periods import Period
from tertial.web.org.models import Sector

from .models import FinancingLine, FrameChange, Project, ProjectBalance, ProjectReport

DEFAULT_THRESHOLD_KR = 1_000_000
DEFAULT_THRESHOLD_PERCENT = 10


def threshold_get() -> core.Threshold:
    """The significance threshold from the settings TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_KR and
    TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_PERCENT (None switches a rule off)."""
    kr = _setting_number("TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_KR", DEFAULT_THRESHOLD_KR)
    pct = _setting_number("TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_PERCENT", DEFAULT_THRESHOLD_PERCENT)
    return core.Threshold(amount=None if kr is None else int(kr * 100), percent=pct)


def _setting_number(name: str, default: int) -> Decimal | None:
    """A number setting given as a number or text ("1 000 000", "12,5"); None, "" or "off" is None."""
    value = getattr(settings, name, default)
    if value is None or str(value).strip().lower() in ("", "off", "none"):
        return None
    try:
        return Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except ArithmeticError as exc:
        raise ImproperlyConfigured(f"{name} må være et tall eller «off», ikke «{value}»") from exc


def project_area(project: Project) -> str:
    """The appropriation area a project's expenditure counts under. Until appropriation areas
    (rammeområder) exist as data, it is the sector of the project's responsible unit; this is the
    one place to change when they do."""
    return project.unit.sector.name


def project_numbers(year: int) -> set[str]:
    return set(project_ids(year))


def project_ids(year: int) -> dict[str, int]:
    return dict(Project.objects.filter(budget_year__year=year).values_list("number", "id"))


def report_periods() -> list[tuple[int, int]]:
    """(year, month) of every period some project reported for, newest first."""
    rows = ProjectReport.objects.values_list("project__budget_year__year", "month").distinct()
    return sorted(set(rows), reverse=True)


def _latest_reports(year: int, month: int) -> dict[int, ProjectReport]:
    latest: dict[int, ProjectReport] = {}
    for r in ProjectReport.objects.filter(project__budget_year__year=year, month__lte=month).order_by("month"):
        latest[r.project_id] = r
    return latest


def _frames(project_ids: Sequence[int]) -> dict[int, list[core.FrameChange]]:
    out: dict[int, list[core.FrameChange]] = {}
    for f in FrameChange.objects.filter(project_id__in=project_ids).select_related("project"):
        out.setdefault(f.project_id, []).append(frame_to_core(f))
    return out


def frame_to_core(f: FrameChange) -> core.FrameChange:
    return core.FrameChange(
        project=f.project.number, changed_on=f.changed_on, reference=f.reference, frame=f.frame, text=f.text
    )


def _actuals(year: int, month: int) -> dict[int, int]:
    rows = (
        ProjectBalance.objects.filter(project__budget_year__year=year, month__lte=month)
        .values("project_id")
        .annotate(total=Sum("amount"))
    )
    return {r["project_id"]: int(r["total"]) for r in rows}


def _to_core(
    p: Project, report: ProjectReport, actual: int, frames: list[core.FrameChange], period: Period
) -> core.Project:
    frame = core.current_frame(frames, period.end_date)
    return core.Project(
        number=p.number,
        name=p.name,
        ansvar=p.unit.code,
        area=project_area(p),
        budget=report.budget,
        actual=actual,
        forecast_year=report.forecast_year,
        forecast_total=report.forecast_total,
        status=core.ProjectStatus(report.status),
        frame=frame.frame if frame else report.stated_frame,
        comment=report.comment,
        start=p.start,
        completion=p.completion,
        stated_frame=report.stated_frame,
    )


def project_table_get(*, year: int, month: int) -> core.ProjectTable:
    """The projects reported on or before `month` (each with its latest report), actuals to date
    (ledger months ≤ month) and the frame in force at the period end; projects in import order.
    A project without a frame decision uses the frame its file states."""
    period = Period(year, month)
    reports = _latest_reports(year, month)
    projects = list(Project.objects.filter(id__in=list(reports)).select_related("unit__sector"))
    frames = _frames([p.id for p in projects])
    actuals = _actuals(year, month)
    return core.project_table_build(
        period,
        (_to_core(p, reports[p.id], actuals.get(p.id, 0), frames.get(p.id, []), period) for p in projects),
    )


def financing_lines_get(*, year: int, month: int) -> list[core.FinancingLine]:
    """The lines of the latest period on or before `month` that has any."""
    qs = FinancingLine.objects.filter(budget_year__year=year, month__lte=month)
    latest = qs.order_by("-month").values_list("month", flat=True).first()
    if latest is None:
        return []
    return [
        core.FinancingLine(key=x.line, budget=x.budget, actual=x.actual, forecast=x.forecast)
        for x in qs.filter(month=latest)
    ]


def investment_overview_get(*, year: int, month: int, table: core.ProjectTable) -> core.InvestmentOverview:
    return core.investment_overview_build(table, financing_lines_get(year=year, month=month), area_order(year))


def area_order(year: int) -> list[str]:
    """The appropriation areas in report order (the sectors, as project_area says)."""
    return list(Sector.objects.filter(budget_year__year=year).order_by("sort_order").values_list("name", flat=True))


@dataclass(frozen=True)
class ProjectDetail:
    id: int
    project: core.Project | None  # None when the project has reported nothing by the month
    number: str
    name: str
    unit: str
    area: str
    frames: tuple[core.FrameChange, ...]
    current_frame: core.FrameChange | None
    monthly: tuple[tuple[int, int, int], ...]  # (month, actuals in the month, cumulative), months ≤ period


def project_detail_get(*, project: Project, month: int) -> ProjectDetail:
    year = project.budget_year.year
    period = Period(year, month)
    frames = [frame_to_core(f) for f in project.frame_changes.select_related("project")]
    report = project.reports.filter(month__lte=month).order_by("-month").first()
    sums = dict(
        ProjectBalance.objects.filter(project=project, month__lte=month)
        .values("month")
        .annotate(total=Sum("amount"))
        .values_list("month", "total")
    )
    monthly, running = [], 0
    for m in period.months:
        running += int(sums.get(m, 0))
        monthly.append((m, int(sums.get(m, 0)), running))
    return ProjectDetail(
        id=project.id,
        project=_to_core(project, report, running, frames, period) if report else None,
        number=project.number,
        name=project.name,
        unit=str(project.unit),
        area=project_area(project),
        frames=tuple(frames),
        current_frame=core.current_frame(frames, period.end_date),
        monthly=tuple(monthly),
    )
