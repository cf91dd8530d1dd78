"""Reads for pages, the CLI and the report. Sums are done by the database per unit (a handful of
queries per table, independent of the number of ledger lines); the rules are applied in core."""

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Sum

from tertial.core import budget as core_budget
from tertial.core import periodised
from tertial.core.comments import Measure as CoreMeasure
from tertial.core.comments import MeasureStatus
from tertial.core.comments import SectorComment as CoreSectorComment
from tertial.core.comments import UnitComment as CoreUnitComment
from tertial.core.periods import Period
from tertial.core.status import CentralItem as CoreCentralItem
from tertial.core.status import StatusTable, status_compute
from tertial.web.org.models import BudgetYear
from tertial.web.org.selectors import municipality_get, organisation_get

from .models import (
    Balance,
    BudgetChange,
    BudgetLine,
    BudgetProfile,
    CentralItem,
    Forecast,
    SectorComment,
    UnitComment,
)


def actuals_by_unit(year: int, month: int) -> dict[str, int]:
    rows = (
        Balance.objects.filter(unit__budget_year__year=year, period__lte=month)
        .values("unit__code")
        .annotate(total=Sum("amount"))
    )
    return {r["unit__code"]: r["total"] for r in rows}


def revised_budget_by_unit(year: int, month: int) -> dict[str, int]:
    original = [
        core_budget.BudgetLine(ansvar=r["unit__code"], amount=r["total"])
        for r in BudgetLine.objects.filter(unit__budget_year__year=year)
        .values("unit__code")
        .annotate(total=Sum("amount"))
    ]
    changes = [
        core_budget.BudgetChange(
            number=ch.number,
            adopted=ch.adopted,
            reference=ch.reference,
            text=ch.text,
            lines=tuple(core_budget.BudgetLine(ansvar=x.unit.code, amount=x.amount) for x in ch.lines.all()),
        )
        for ch in BudgetChange.objects.filter(budget_year__year=year).prefetch_related("lines__unit")
    ]
    return core_budget.revised_budget(original, changes, Period(year, month).end_date)


def forecasts_by_unit(year: int, month: int, withhold: Collection[str] = ()) -> dict[str, int]:
    qs = Forecast.objects.filter(unit__budget_year__year=year, period=month)
    if withhold:
        qs = qs.exclude(unit__code__in=list(withhold))
    return dict(qs.values_list("unit__code", "amount"))


def status_table_get(*, year: int, month: int, withhold: Collection[str] = ()) -> StatusTable:
    """The live status table. Units in `withhold` (another unit's unsubmitted draft, see
    tertial.web.audience: withheld_units) count as not having reported a forecast."""
    m = municipality_get()
    return status_compute(
        organisation_get(year),
        Period(year, month),
        actual=actuals_by_unit(year, month),
        budget=revised_budget_by_unit(year, month),
        forecast=forecasts_by_unit(year, month, withhold),
        total_name=f"Totalt {m.name}" if m else "Totalt",
    )


def central_items_list(*, year: int, month: int) -> list[CoreCentralItem]:
    return [
        CoreCentralItem(category=c.category, text=c.text, deviation=c.deviation, line=c.line)
        for c in CentralItem.objects.filter(budget_year__year=year, period=month)
    ]


@dataclass(frozen=True)
class PeriodComments:
    units: dict[str, CoreUnitComment]
    sectors: dict[str, CoreSectorComment]  # keyed by sector code


def comments_get(*, year: int, month: int, withhold: Collection[str] = ()) -> PeriodComments:
    """The period's comments, without those of the units in `withhold` (as status_table_get)."""
    units = {}
    qs = UnitComment.objects.filter(unit__budget_year__year=year, period=month)
    if withhold:
        qs = qs.exclude(unit__code__in=list(withhold))
    for c in qs.select_related("unit").prefetch_related("measures"):
        units[c.unit.code] = CoreUnitComment(
            ansvar=c.unit.code,
            cause=c.cause,
            consequence=c.consequence,
            text=c.text,
            measures=tuple(
                CoreMeasure(
                    text=m.text,
                    effect=m.effect,
                    start=m.start,
                    status=MeasureStatus(m.status) if m.status else None,
                )
                for m in c.measures.all()
            ),
        )
    sectors = {
        c.sector.code: CoreSectorComment(sector=c.sector.code, text=c.text)
        for c in SectorComment.objects.filter(sector__budget_year__year=year, period=month).select_related("sector")
    }
    return PeriodComments(units=units, sectors=sectors)


def periods_with_data_all() -> list[tuple[int, int]]:
    """(year, month) of every month with actuals loaded, newest first, in one query."""
    rows = Balance.objects.values_list("unit__budget_year__year", "period").distinct()
    return sorted(set(rows), reverse=True)


def years_with_data() -> list[int]:
    return list(BudgetYear.objects.order_by("-year").values_list("year", flat=True))


def actuals_by_period_and_unit(year: int) -> list[tuple[int, str, int]]:
    """(month, ansvar, øre) of the year's actuals: what an import changed is the difference of two."""
    rows = (
        Balance.objects.filter(unit__budget_year__year=year)
        .values_list("period", "unit__code")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return [(int(p), str(c), int(t)) for p, c, t in rows]


def actuals_by_month(*, year: int, month: int) -> dict[int, int]:
    """Actuals of the whole municipality per month (øre), January to `month`, for the report's chart
    of actuals against the budget profile."""
    rows = (
        Balance.objects.filter(unit__budget_year__year=year, period__lte=month)
        .values("period")
        .annotate(total=Sum("amount"))
    )
    return {r["period"]: r["total"] for r in rows}


PROFILE_HISTORY_YEARS = 5


def monthly_budgets_get(*, year: int, month: int = 12) -> dict[str, periodised.MonthlyBudget]:
    """Each unit's periodised budget for `year` (the revised budget at `month` spread over the months):
    the imported monthly profile where there is one, else the unit's own earlier years' actuals (up
    to five years), else twelfths. Three grouped queries besides the revised budget's."""
    budget = revised_budget_by_unit(year, month)
    lines = [
        periodised.BudgetProfileLine(ansvar=u, month=m, amount=a, group=g)
        for u, m, a, g in BudgetProfile.objects.filter(unit__budget_year__year=year).values_list(
            "unit__code", "month", "amount", "group"
        )
    ]
    years = sorted(
        set(
            Balance.objects.filter(unit__budget_year__year__lt=year)
            .values_list("unit__budget_year__year", flat=True)
            .distinct()
        )
    )[-PROFILE_HISTORY_YEARS:]
    earlier: dict[str, dict[int, list[int]]] = {}
    for y, unit, period, total in (
        Balance.objects.filter(unit__budget_year__year__in=years)
        .values_list("unit__budget_year__year", "unit__code", "period")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        earlier.setdefault(unit, {}).setdefault(y, [0] * 12)[period - 1] += total
    return periodised.monthly_budgets(
        budget=budget, profile_lines=lines, earlier={u: list(ys.values()) for u, ys in earlier.items()}
    )


def municipality_monthly_budget(budgets: dict[str, periodised.MonthlyBudget]) -> dict[int, int]:
    """Month → the units' periodised budgets summed (øre), for the report's chart."""
    return {m: sum(b.months[m - 1] for b in budgets.values()) for m in range(1, 13)}
