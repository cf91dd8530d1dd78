"""Reads for the appropriation overview: the year's areas, the general lines with their revised
budgets, and the overview built in core from the same status table the report uses."""

from collections.abc import Collection
from dataclasses import dataclass

from tertial.core import appropriation as core
from tertial.core.checks import Mismatch
from tertial.core.periods import Period
from tertial.core.status import CentralItem, StatusTable
from tertial.web.budget.selectors import central_items_list, status_table_get
from tertial.web.org.selectors import organisation_get
from tertial.web.rounds.selectors import locked_round_get

from .models import Area, GeneralLineChange, GeneralLineFigure


class NotPublished(Exception):
    """The period's figures are not published, and the reader may only see published figures."""


def areas_get(year: int) -> tuple[tuple[core.Area, ...], bool]:
    """The year's areas and whether they are the sectors (no areas imported)."""
    rows = Area.objects.filter(budget_year__year=year).prefetch_related("members__unit")
    areas = tuple(
        core.Area(
            name=a.name,
            order=a.sort_order,
            units=tuple(m.unit.code for m in sorted(a.members.all(), key=lambda m: (m.unit.sort_order, m.unit.code))),
        )
        for a in rows
    )
    if areas:
        return areas, False
    return core.areas_from_sectors(organisation_get(year)), True


def general_lines_get(year: int, month: int) -> tuple[dict[str, int], dict[str, int]] | None:
    """(actuals year-to-date, revised budget) per line key pr. the end of `month`; None when the
    period has no general lines imported."""
    rows = list(GeneralLineFigure.objects.filter(budget_year__year=year, period=month))
    if not rows:
        return None
    changes = [
        core.LineChange(adopted=c.change.adopted, line=c.line, amount=c.amount)
        for c in GeneralLineChange.objects.filter(change__budget_year__year=year).select_related("change")
    ]
    revised = core.line_budgets_revised({r.line: r.budget for r in rows}, changes, Period(year, month).end_date)
    return {r.line: r.actual for r in rows}, revised


def general_line_periods(year: int) -> list[int]:
    """Months with general lines imported, newest first."""
    months = GeneralLineFigure.objects.filter(budget_year__year=year).values_list("period", flat=True).distinct()
    return sorted(set(months), reverse=True)


def general_line_years() -> list[int]:
    years = GeneralLineFigure.objects.values_list("budget_year__year", flat=True).distinct()
    return sorted(set(years), reverse=True)


@dataclass(frozen=True)
class AppropriationView:
    overview: core.Overview
    mismatches: tuple[Mismatch, ...]
    table: StatusTable
    central: tuple[CentralItem, ...]
    locked: bool  # figures from the period's locked round


def _status_inputs(
    year: int, month: int, published_only: bool, withhold: Collection[str] = ()
) -> tuple[StatusTable, list[CentralItem], bool]:
    """The status table and central items the report of the period uses: the locked round's
    snapshot if there is one, else the live figures. Council and public: published rounds only."""
    locked = locked_round_get(year, month)
    if published_only and not (locked and locked.published):
        raise NotPublished(f"Tallene for {month:02d}.{year} er ikke publisert")
    if locked:
        return locked.table, locked.central, True
    table = status_table_get(year=year, month=month, withhold=withhold)
    return table, central_items_list(year=year, month=month), False


def appropriation_get(
    *, year: int, month: int, published_only: bool = False, withhold: Collection[str] = ()
) -> AppropriationView | None:
    """The overview pr. the end of `month` with its check; None when the period has no general lines."""
    lines = general_lines_get(year, month)
    if lines is None:
        return None
    table, central, locked = _status_inputs(year, month, published_only, withhold)
    areas, from_sectors = areas_get(year)
    area_table = core.areas_aggregate(table, areas, from_sectors=from_sectors)
    actual, budget = lines
    overview = core.overview_build(area_table, actual=actual, budget=budget, central=central)
    mismatches = core.overview_check(overview, table, central)
    return AppropriationView(
        overview=overview, mismatches=tuple(mismatches), table=table, central=tuple(central), locked=locked
    )
