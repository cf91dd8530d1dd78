"""Selectors for the year-end forecast engine (issue 9): gather this year's and earlier years'
monthly actuals per unit and account group, budgets and the units' own forecasts from the database,
and hand them to `tertial.core.projection`. No rule lives here; see docs/forecasting.md.

The account-group mapping is `core.projection.DEFAULT_ACCOUNT_GROUPS` unless the setting
`TERTIAL_ACCOUNT_GROUPS` lists `(first_art, last_art, group)` triples (KOSTRA three-digit arts).
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Sum

from tertial.core import budget as core_budget
from tertial.core import combined
from tertial.core import projection as core
from tertial.core.periods import Period
from tertial.core.rounds import explanation_rule_text
from tertial.renderers import numbers as nb
from tertial.web import pagecache
from tertial.web.budget.models import Balance, BudgetChange, BudgetLine, BudgetProfile, Forecast
from tertial.web.budget.selectors import (
    central_items_list,
    comments_get,
    forecasts_by_unit,
    revised_budget_by_unit,
    status_table_get,
)
from tertial.web.org.selectors import organisation_get

MAX_HISTORY_YEARS = core.DEFAULT_SETTINGS.max_years


def account_groups() -> tuple[core.ArtRange, ...]:
    custom = getattr(settings, "TERTIAL_ACCOUNT_GROUPS", None)
    if not custom:
        return core.DEFAULT_ACCOUNT_GROUPS
    return tuple(core.ArtRange(int(a), int(b), str(g)) for a, b, g in custom)


def monthly_series_get(*, years: Sequence[int], month: int = 12) -> dict[int, dict[str, dict[str, list[int]]]]:
    """year → unit → account group → 12 monthly amounts (øre), months after `month` left at 0.
    One grouped query for all years; the art → group mapping is applied once per distinct art."""
    groups = account_groups()
    rows = (
        Balance.objects.filter(unit__budget_year__year__in=list(years), period__lte=month)
        .values_list("unit__budget_year__year", "unit__code", "art", "period")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    out: dict[int, dict[str, dict[str, list[int]]]] = {y: {} for y in years}
    group_of: dict[str, str] = {}
    for year, unit, art, period, total in rows:
        g = group_of.get(art)
        if g is None:
            g = group_of[art] = core.account_group(art, groups)
        series = out[year].setdefault(unit, {}).setdefault(g, [0] * 12)
        series[period - 1] += total
    return out


def history_years(year: int) -> list[int]:
    """Earlier years with actuals, newest `MAX_HISTORY_YEARS`."""
    ys = sorted(
        set(Balance.objects.filter(unit__budget_year__year__lt=year).values_list("unit__budget_year__year", flat=True))
    )
    return ys[-MAX_HISTORY_YEARS:]


@dataclass(frozen=True)
class ForecastOverview:
    period: Period
    projection: core.Projection
    forecasts: dict[str, int]  # the units' own forecasts (unit → øre); missing = not reported
    budget: dict[str, int]
    names: dict[str, str]
    flags: tuple[core.Flag, ...]
    bridge: core.Bridge
    history_years: tuple[int, ...]
    details: Mapping[str, combined.CombinedUnit] | None = None  # weights, components, 95 % interval
    calibrated: bool = False  # intervals scaled from the backtest's residuals (≥ 3 closed years)


def forecast_overview_get(*, year: int, month: int) -> ForecastOverview:
    """The statistical projection at `month`, the early-warning flags and the prognosis bridge, computed
    once per data version (tertial.web.pagecache): it projects every unit of the municipality, and the
    status page, each unit page and the report all ask for it."""
    return pagecache.cached("forecast-overview", (year, month), lambda: _forecast_overview_build(year, month))


def _forecast_overview_build(year: int, month: int) -> ForecastOverview:
    org = organisation_get(year)
    past = history_years(year)
    series = monthly_series_get(years=[*past, year], month=12)
    current = monthly_series_get(years=[year], month=month)[year]
    budget = revised_budget_by_unit(year, month)
    forecasts = forecasts_by_unit(year, month)
    names = {u.code: u.name for u in org.units}
    history = {y: series[y] for y in past}
    cp = combined.combined_compute(
        period=Period(year, month),
        actuals=current,
        history=history,
        budget=budget,
        history_budgets=revised_budgets_by_year(past),
        units=[u.code for u in org.units],
        budget_profiles=imported_profiles(year),
    )
    proj = cp.projection
    comments = comments_get(year=year, month=month)
    measures = sum(c.measures_effect for c in comments.units.values())
    bridge = core.bridge_compute(
        status_table_get(year=year, month=month), central_items_list(year=year, month=month), measures_effect=measures
    )
    return ForecastOverview(
        period=Period(year, month),
        projection=proj,
        forecasts=forecasts,
        budget=budget,
        names=names,
        flags=combined.flags_material(
            cp, forecasts=forecasts, budget=budget, names=names, history=history, materiality=flag_materiality()
        ),
        bridge=bridge,
        history_years=tuple(past),
        details=cp.details,
        calibrated=bool(cp.calibration),
    )


def flag_materiality() -> combined.Materiality:
    """The setting `TERTIAL_FORECAST_MATERIALITY` ({"amount": øre, "percent": …}) or the core default:
    a flag needs a difference of at least the larger of 0,5 mill. kr and 1 % of the unit's budget."""
    value = getattr(settings, "TERTIAL_FORECAST_MATERIALITY", None)
    if value is None:
        return combined.Materiality()
    if isinstance(value, combined.Materiality):
        return value
    return combined.Materiality(
        amount=int(value.get("amount", combined.Materiality.amount)),
        percent=Decimal(str(value.get("percent", combined.Materiality.percent))),
    )


def unit_forecasts_by_year(years: Sequence[int]) -> dict[int, dict[int, dict[str, int]]]:
    """year → month → unit → the unit's own forecast (øre)."""
    out: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for y, m, u, amount in Forecast.objects.filter(unit__budget_year__year__in=list(years)).values_list(
        "unit__budget_year__year", "period", "unit__code", "amount"
    ):
        out[y][m][u] = amount
    return {y: dict(ms) for y, ms in out.items()}


def revised_budgets_by_year(years: Sequence[int]) -> dict[int, dict[str, int]]:
    """year → unit → the revised budget at the year-end (øre), for many years in two grouped queries
    (the same rule as budget.selectors.revised_budget_by_unit, which reads one year)."""
    original: dict[int, list[core_budget.BudgetLine]] = {y: [] for y in years}
    for y, unit, total in (
        BudgetLine.objects.filter(unit__budget_year__year__in=list(years))
        .values_list("unit__budget_year__year", "unit__code")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        original[y].append(core_budget.BudgetLine(ansvar=unit, amount=total))
    changes: dict[int, list[core_budget.BudgetChange]] = {y: [] for y in years}
    for ch in (
        BudgetChange.objects.filter(budget_year__year__in=list(years))
        .select_related("budget_year")
        .prefetch_related("lines__unit")
    ):
        changes[ch.budget_year.year].append(
            core_budget.BudgetChange(
                number=ch.number,
                adopted=ch.adopted,
                reference=ch.reference,
                text=ch.text,
                lines=tuple(core_budget.BudgetLine(ansvar=x.unit.code, amount=x.amount) for x in ch.lines.all()),
            )
        )
    return {y: core_budget.revised_budget(original[y], changes[y], Period(y, 12).end_date) for y in years}


def imported_profiles(year: int) -> dict[str, list[int]]:
    """unit → 12 monthly amounts of the imported periodised budget (account groups summed); one query."""
    out: dict[str, list[int]] = {}
    for unit, month, amount in BudgetProfile.objects.filter(unit__budget_year__year=year).values_list(
        "unit__code", "month", "amount"
    ):
        out.setdefault(unit, [0] * 12)[month - 1] += amount
    return out


def closed_years() -> list[int]:
    """Years whose accounts run to December (the backtest and the track record need a final year)."""
    return sorted(set(Balance.objects.filter(period=12).values_list("unit__budget_year__year", flat=True)))


def forecast_backtest_get(*, years: Sequence[int]) -> combined.CombinedBacktest:
    """The backtest over closed `years` (each left out in turn, the others its history)."""
    return pagecache.cached("forecast-backtest", tuple(years), lambda: _forecast_backtest_build(years))


def _forecast_backtest_build(years: Sequence[int]) -> combined.CombinedBacktest:
    series = monthly_series_get(years=years)
    return combined.combined_backtest(
        history=series,
        budgets=revised_budgets_by_year(years),
        years=years,
        unit_forecasts=unit_forecasts_by_year(years),
    )


def _setting_number(name: str) -> Decimal | None:
    """A number setting as a number or text ("500 000", "1,5"); None, "" or "off" switches it off."""
    value = getattr(settings, name, None)
    if value is None or str(value).strip().lower() in ("", "off", "none"):
        return None
    try:
        return Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except ArithmeticError as exc:
        raise ImproperlyConfigured(f"{name} må være et tall eller «off», ikke «{value}»") from exc


def drift_threshold() -> core.DriftThreshold:
    """The explanation rule's limits: the settings `TERTIAL_EXPLANATION_MIN_KR` (kroner) and
    `TERTIAL_EXPLANATION_MIN_PERCENT` (% of the budget), "off" switching one off. `TERTIAL_FORECAST_DRIFT`
    (a DriftThreshold, or its fields as a dict), when set, overrides both (tests and embedders)."""
    value = getattr(settings, "TERTIAL_FORECAST_DRIFT", None)
    if isinstance(value, core.DriftThreshold):
        return value
    if value is not None:
        return core.DriftThreshold(**value)
    kr = _setting_number("TERTIAL_EXPLANATION_MIN_KR")
    return core.DriftThreshold(
        amount=None if kr is None else int(kr * 100),
        percent_of_budget=_setting_number("TERTIAL_EXPLANATION_MIN_PERCENT"),
    )


def _percent_text(value: Decimal) -> str:
    return nb.percent(value, 0 if value == value.to_integral_value() else 1)


def explanation_rule_get(*, translate: Callable[[str], str] | None = None) -> str:
    """The explanation rule in words, from the same setting the submission check uses: the /prognoser
    page prints it (`translate`=gettext), and every refusal ends with it (bokmål)."""
    return explanation_rule_text(
        drift_threshold(),
        format_kroner=nb.kroner,
        format_percent=_percent_text,
        **({"translate": translate} if translate else {}),
    )


def explanation_formatters() -> dict[str, Callable[..., str]]:
    """The formatters the rule's text is written with, for core.rounds.explanation_check."""
    return {"format_kroner": nb.kroner, "format_percent": _percent_text}


def forecast_history_get(
    *, year: int, withhold: Mapping[int, Collection[str]] | None = None
) -> tuple[core.ForecastHistory, ...]:
    """Each unit's forecast at every reporting month of `year`, with drift against the threshold.
    `withhold`: month → units whose unsubmitted draft the reader may not see (left out of that month)."""
    org = organisation_get(year)
    forecasts = unit_forecasts_by_year([year]).get(year, {})
    if withhold:
        forecasts = {
            m: {u: v for u, v in by_unit.items() if u not in withhold.get(m, ())} for m, by_unit in forecasts.items()
        }
    return core.forecast_history_compute(
        forecasts=forecasts,
        budget=revised_budget_by_unit(year, 12),
        units=[u.code for u in org.units],
        threshold=drift_threshold(),
    )


def track_record_get(*, year: int) -> tuple[core.TrackRecordRow, ...]:
    """A closed year's forecasts at every report month against its final accounts."""
    org = organisation_get(year)
    final = monthly_series_get(years=[year])[year]
    return core.track_record_compute(
        org=org,
        forecasts=unit_forecasts_by_year([year]).get(year, {}),
        final={u: sum(sum(v) for v in groups.values()) for u, groups in final.items()},
        budget=revised_budget_by_unit(year, 12),
    )
