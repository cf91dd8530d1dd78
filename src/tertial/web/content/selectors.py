"""Reads for the content pages and the report: rows turned into core values in one place each."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypedDict

from django.conf import settings

from tertial.core import indicators as core_ind
from tertial.core import milestones as core_ms
from tertial.core import sickleave as core_sl
from tertial.core.checks import Mismatch
from tertial.core.document import FigureTable
from tertial.core.periods import MONTHS_NB
from tertial.core.sections import Section as CoreSection
from tertial.web.org.selectors import municipality_get, organisation_get

from .models import IndicatorTable, Milestone, MilestonePlan, Section, SickLeaveRecord


def _record_to_core(r: SickLeaveRecord) -> core_sl.Record:
    days = None
    if r.contracted_days is not None:
        days = core_sl.Days(
            r.contracted_days,
            r.self_certified_days or 0,  # type: ignore[arg-type]
            r.short_certified_days or 0,  # type: ignore[arg-type]
            r.long_certified_days or 0,  # type: ignore[arg-type]
        )
    return core_sl.Record(
        year=r.year,
        month=r.month,
        level=core_sl.Level(r.level),
        key=r.key,
        label=r.label,
        days=days,
        given_percent=None if days else r.given_percent,
    )


def sick_leave_records(years: range | tuple[int, ...]) -> list[core_sl.Record]:
    return [_record_to_core(r) for r in SickLeaveRecord.objects.filter(year__in=list(years))]


class Audience(StrEnum):
    """Who a sick-leave output is for. Only finance sees units below the privacy threshold."""

    FINANCE = "finance"
    PUBLIC = "public"  # the council, the public, and every report and export


def sick_leave_rule() -> core_sl.PrivacyRule:
    """The thresholds from the settings; units known only as percentages as the municipality chose."""
    m = municipality_get()
    return core_sl.PrivacyRule(
        min_person_years=Decimal(str(getattr(settings, "TERTIAL_SICKLEAVE_MIN_PERSON_YEARS", "10"))),
        min_people=int(getattr(settings, "TERTIAL_SICKLEAVE_MIN_PEOPLE", 5)),
        show_percent_only=m is not None and m.sickleave_percent_only == "vis",
    )


@dataclass(frozen=True)
class SickLeaveView:
    table: core_sl.Table
    trends: list[core_sl.Trend]
    mismatches: list[Mismatch]
    audience: Audience = Audience.PUBLIC
    hidden_from_public: frozenset[str] = frozenset()  # for finance: the unit keys the public does not see


def sick_leave_get(*, year: int, month: int, audience: Audience = Audience.PUBLIC) -> SickLeaveView | None:
    """The table of the year through `month`, the trend against the two years before, the checks.

    The one place the privacy rule is applied: for any audience but finance, units below the
    threshold (core.sickleave.table_suppress) are not in the table; totals are unchanged."""
    records = sick_leave_records(range(year - 2, year + 1))
    if not any(r.year == year and r.month <= month for r in records):
        return None
    org = organisation_get(year)
    full = core_sl.table_build(org, records, year=year, through_month=month)
    public = core_sl.table_suppress(full, records, sick_leave_rule())
    trends = core_sl.trend_build(org, records, year=year, through_month=month)
    if audience is not Audience.FINANCE:  # a sector hidden from the table is not drawn either
        trends = [t for t in trends if t.key not in public.hidden_sectors]
    return SickLeaveView(
        table=full if audience is Audience.FINANCE else public,
        trends=trends,
        mismatches=core_sl.sick_leave_check(org, [r for r in records if r.year == year and r.month <= month]),
        audience=audience,
        hidden_from_public=frozenset(public.hidden_small + public.hidden_unknown + public.hidden_sectors),
    )


@dataclass(frozen=True)
class AttachedTable:
    id: int
    unit_code: str
    section_id: int | None
    table: core_ind.Table


def indicator_table_to_core(t: IndicatorTable) -> core_ind.Table:
    indicators = []
    values = []
    periods: set[str] = set()
    printed = {}
    for ind in t.indicators.all():
        indicators.append(core_ind.Indicator(ind.code, ind.name, core_ind.Measure(ind.measure), ind.footnote_mark))
        if ind.printed_change is not None:
            printed[ind.code] = ind.printed_change
        for v in ind.values.all():
            values.append(core_ind.Value(ind.code, v.period, v.value))
            periods.add(v.period)
    return core_ind.table_build(
        title=t.title,
        indicators=indicators,
        periods=sorted(periods),
        values=values,
        printed_changes=printed,
        footnotes=[f for f in t.footnotes.splitlines() if f.strip()],
        source=t.source,
    )


def indicator_tables_list(*, year: int, month: int) -> list[AttachedTable]:
    rows = IndicatorTable.objects.filter(year=year, month=month).prefetch_related("indicators__values")
    return [AttachedTable(t.id, t.unit_code, t.section_id, indicator_table_to_core(t)) for t in rows]


def milestone_to_core(m: Milestone) -> core_ms.Milestone:
    return core_ms.Milestone(
        title=m.title,
        original_date=m.original_date,
        responsible=m.responsible,
        done_date=m.done_date,
        revisions=tuple(
            core_ms.Revision(r.previous_date, r.revised_date, r.reason, r.decided) for r in m.revisions.all()
        ),
    )


@dataclass(frozen=True)
class PlanView:
    id: int
    plan: core_ms.Plan
    milestone_ids: tuple[int, ...]


def milestone_plans_list(*, year: int | None = None, month: int | None = None) -> list[PlanView]:
    """The plans of a report period (or every plan); milestones with their revision history."""
    rows = MilestonePlan.objects.prefetch_related("milestones__revisions")
    if year is not None:
        assert month is not None, "a report period is a year and a month"  # every caller passes both or neither
        rows = rows.filter(year=year, month=month)
    out = []
    for p in rows:
        ms = list(p.milestones.all())
        plan = core_ms.Plan(p.title, tuple(milestone_to_core(m) for m in ms), p.introduction)
        out.append(PlanView(p.id, plan, tuple(m.id for m in ms)))
    return out


def overdue_milestones(
    today: date, *, periods: Collection[tuple[int, int]] | None = None
) -> list[tuple[core_ms.Plan, core_ms.Milestone]]:
    """Every overdue milestone of the plans of `periods` ((year, month) pairs; None: every plan), for
    the dashboard, earliest first."""
    views = milestone_plans_list()
    if periods is not None:
        wanted = set(periods)
        keep = {pk for pk, y, m in MilestonePlan.objects.values_list("pk", "year", "month") if (y, m) in wanted}
        views = [v for v in views if v.id in keep]
    return core_ms.overdue_list([v.plan for v in views], today)


def sections_list(*, year: int, month: int) -> list[tuple[int, CoreSection]]:
    return [
        (
            s.id,
            CoreSection(
                title=s.title,
                html=s.html,
                order=s.sort_order,
                decision_reference=s.decision_reference,
                decision_url=s.decision_url,
                placement=s.placement,
            ),
        )
        for s in Section.objects.filter(year=year, month=month)
    ]


def content_mismatches(*, year: int, month: int) -> list[Mismatch]:
    """Every mismatch in the period's content: sick-leave totals and printed indicator changes."""
    found: list[Mismatch] = []
    sick = sick_leave_get(year=year, month=month)
    if sick:
        found += sick.mismatches
    for t in indicator_tables_list(year=year, month=month):
        found += core_ind.indicator_check(t.table)
    return found


class ContentReportParts(TypedDict):
    """The period's content as status_report_build's keyword arguments."""

    sick_leave: FigureTable | None
    indicator_tables: list[tuple[str, FigureTable]]
    milestone_plans: list[core_ms.Plan]
    sections: list[tuple[CoreSection, list[FigureTable]]]


def content_report_parts(*, year: int, month: int) -> ContentReportParts:
    """The keyword arguments status_report_build takes for this period's content. Printed changes
    that do not match (content_mismatches) do not stop the report: the report shows computed changes."""
    sick = sick_leave_get(year=year, month=month, audience=Audience.PUBLIC)  # the report goes to the council
    tables = indicator_tables_list(year=year, month=month)
    by_section: dict[int, list[FigureTable]] = {}
    for t in tables:
        if t.section_id is not None:
            by_section.setdefault(t.section_id, []).append(core_ind.table_block(t.table))
    title = f"Status sykefravær pr. {MONTHS_NB[month - 1]} {year}"
    return {
        "sick_leave": core_sl.table_block(sick.table, title) if sick else None,
        "indicator_tables": [(t.unit_code, core_ind.table_block(t.table)) for t in tables if t.section_id is None],
        "milestone_plans": [v.plan for v in milestone_plans_list(year=year, month=month)],
        "sections": [(s, by_section.get(sid, [])) for sid, s in sections_list(year=year, month=month)],
    }
