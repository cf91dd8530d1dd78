"""The year-end forecast engine: a statistical projection of each unit's year-end result from its
year-to-date actuals, checked against earlier years, and the rules built on it (early warning,
forecast drift, the prognosis bridge, the track record of closed years). See docs/forecasting.md.

Pure Python: every input (the period, the history, the budget) is passed in; nothing reads the clock
or the database. Amounts are integer øre, net expenditure positive (income negative).

Numbers and rounding. A projection is a ratio of integer sums times an integer (`ytd × ΣT / ΣC`), so
it is computed exactly as a `Fraction` and rounded once, half away from zero, to whole øre
(`_ore`). Relative errors and interval widths are shares, not money: they are floats, and an
interval bound is converted back to øre with `round_half_up` on the exact Decimal of the product.
No float ever stands for a stored amount of money.

The method, at month m for one series (a unit's account group) with 2–5 earlier years:
- profile share p(m) = Σ_y cum_y(m) / Σ_y total_y (ratio of sums: large years weigh more, a single
  odd month cannot make the share explode);
- when p(m) ≥ `min_share`, the year-end projection is ytd(m) / p(m) ("profil"); otherwise (a group
  whose money mostly arrives late, e.g. a grant paid in December) it is ytd(m) plus the mean amount
  booked after month m in the earlier years ("rest");
- a unit's projection is the sum of its groups'; the municipality's the sum of the units'.
The 80 % interval comes from leave-one-year-out errors: each earlier year is projected at month m
from the other earlier years, and the error relative to the unit's gross volume (Σ|group totals|)
is recorded. The unit's root mean square error is shrunk towards the municipality's pooled value
at the same month (`prior_weight` pseudo-years), and the half-width is t(0.9; n + prior_weight)
× that error × the current gross volume. Too little history (fewer than `min_years` years) falls
back to the periodised budget, or to a plain run-rate when there is no budget, and says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .document import (
    Amount,
    AmountStyle,
    Block,
    ChartBar,
    DeviationChart,
    Figure,
    FigureKind,
    FigureTable,
    FigureTableRow,
    Heading,
    ItemList,
    Paragraph,
    Run,
    WaterfallChart,
    WaterfallStep,
)
from .money import round_half_up
from .org import Organisation
from .periods import MONTHS_NB, Period
from .status import CentralItem, StatusTable

# ---------------------------------------------------------------------------------------------
# Account groups: a mapping from KOSTRA art ranges to groups, as data.

GROUP_SALARY = "lonn"
GROUP_OTHER = "drift"
GROUP_INCOME = "inntekt"
GROUP_REFUND = "refusjon"

GROUP_NAMES = {
    GROUP_SALARY: "Lønn inkl. sosiale kostnader",
    GROUP_OTHER: "Andre driftsutgifter",
    GROUP_INCOME: "Inntekter",
    GROUP_REFUND: "Refusjoner",
}


@dataclass(frozen=True)
class ArtRange:
    """KOSTRA arts `first`–`last` (three-digit art numbers, inclusive) belong to `group`."""

    first: int
    last: int
    group: str


# KOSTRA (kontoplan for kommuner): 010–099 lønn og sosiale utgifter; 100–480 kjøp av varer og
# tjenester, overføringer; 500–599 finansutgifter; 600–690 salgsinntekter; 700–799 refusjoner
# (710 sykelønnsrefusjon); 800–899 overføringer og tilskudd (income); 900–999 finansinntekter.
DEFAULT_ACCOUNT_GROUPS: tuple[ArtRange, ...] = (
    ArtRange(10, 99, GROUP_SALARY),
    ArtRange(100, 599, GROUP_OTHER),
    ArtRange(600, 699, GROUP_INCOME),
    ArtRange(700, 799, GROUP_REFUND),
    ArtRange(800, 999, GROUP_INCOME),
)


def kostra_art(code: str) -> int | None:
    """The three-digit KOSTRA art of an account code: "010" → 10; "10100" → 10 and "17100" → 710
    (a five-digit operating account is 1 + art + two sub-digits); None when it is not a number."""
    text = code.strip()
    if not text.isdigit():
        return None
    if len(text) <= 3:
        return int(text)
    return int(text[1:4]) if text[0] == "1" else int(text[:3])


def account_group(code: str, groups: Sequence[ArtRange] = DEFAULT_ACCOUNT_GROUPS, default: str = GROUP_OTHER) -> str:
    """The group of an account code; codes outside every range (or not numeric) go to `default`."""
    art = kostra_art(code)
    if art is not None:
        for r in groups:
            if r.first <= art <= r.last:
                return r.group
    return default


# ---------------------------------------------------------------------------------------------
# Settings, constants, results

METHOD_STATISTICAL = "statistisk profil"
METHOD_BUDGET_PROFILE = "periodisert budsjett"
METHOD_RUN_RATE = "løpende takt"
METHOD_NAMES = {
    METHOD_STATISTICAL: "Statistisk profil fra tidligere år",
    METHOD_BUDGET_PROFILE: "Periodisert budsjett (for kort historikk)",
    METHOD_RUN_RATE: "Løpende takt, hittil i år × 12 / måned (verken historikk eller budsjett)",
}

# t quantiles for a two-sided 80 % interval (0.9 one-sided), by degrees of freedom; ∞ → 1.2816.
_T90 = {1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397, 9: 1.383, 10: 1.372}
_T90_LIMIT = 1.2816

Monthly = Sequence[int]  # amounts per month, index 0 = January; may be shorter than 12 (missing = 0)
GroupSeries = Mapping[str, Monthly]  # group → months
UnitSeries = Mapping[str, GroupSeries]  # unit → group → months
History = Mapping[int, UnitSeries]  # year → unit → group → months


@dataclass(frozen=True)
class ProjectionSettings:
    min_years: int = 2
    max_years: int = 5
    min_share: Fraction = Fraction(1, 10)
    prior_weight: int = 2  # pseudo-years of the municipality's pooled error in each unit's error
    coverage: str = "80 %"


DEFAULT_SETTINGS = ProjectionSettings()


@dataclass(frozen=True)
class GroupProjection:
    group: str
    ytd: int
    point: int
    share: Fraction | None  # profile share at the month, None when the "rest" rule was used


@dataclass(frozen=True)
class UnitProjection:
    unit: str
    method: str
    ytd: int
    point: int
    low: int | None
    high: int | None
    years: tuple[int, ...]  # earlier years the projection rests on
    share: Fraction | None = None  # the unit's usual share of the year booked by the month
    groups: tuple[GroupProjection, ...] = ()

    @property
    def has_interval(self) -> bool:
        return self.low is not None and self.high is not None

    def contains(self, amount: int) -> bool:
        return self.low is not None and self.high is not None and self.low <= amount <= self.high


@dataclass(frozen=True)
class Projection:
    period: Period
    units: tuple[UnitProjection, ...]
    point: int
    low: int | None
    high: int | None

    def unit(self, code: str) -> UnitProjection:
        return next(u for u in self.units if u.unit == code)

    @property
    def by_unit(self) -> dict[str, UnitProjection]:
        return {u.unit: u for u in self.units}


def _ore(value: Fraction | int) -> int:
    """Exact rational øre to whole øre, half away from zero (money.round_half_up's rule)."""
    if isinstance(value, int):
        return value
    q, r = divmod(abs(value.numerator), value.denominator)
    if 2 * r >= value.denominator:
        q += 1
    return q if value >= 0 else -q


def _ore_of_share(share: float, base: int) -> int:
    """share × base øre in whole øre: the float share is taken at its exact Decimal value."""
    return int(round_half_up(Decimal(share) * base))


def _t90(df: int) -> float:
    return _T90.get(df, _T90_LIMIT) if df > 0 else _T90[1]


def _cum(months: Monthly, m: int) -> int:
    return sum(months[:m])


def _total(months: Monthly) -> int:
    return sum(months)


# ---------------------------------------------------------------------------------------------
# The statistical core for one unit


@dataclass
class _GroupStats:
    """Per group and earlier year: cumulative to month m and year total."""

    cum: dict[int, int] = field(default_factory=dict)
    tot: dict[int, int] = field(default_factory=dict)


def _group_point(ytd: int, stats: _GroupStats, years: Iterable[int], min_share: Fraction) -> tuple[Fraction, bool]:
    """Projection of one group from the given years; returns (point, used_profile)."""
    ys = tuple(years)
    sc = sum(stats.cum.get(y, 0) for y in ys)
    st = sum(stats.tot.get(y, 0) for y in ys)
    if st != 0 and sc != 0 and Fraction(sc, st) >= min_share:
        return Fraction(ytd * st, sc), True
    if not ys:
        return Fraction(ytd), False
    rest = sum(stats.tot.get(y, 0) - stats.cum.get(y, 0) for y in ys)
    return ytd + Fraction(rest, len(ys)), False


def _unit_stats(unit: str, history: History, years: Sequence[int], m: int) -> dict[str, _GroupStats]:
    stats: dict[str, _GroupStats] = {}
    for y in years:
        for g, months in history[y].get(unit, {}).items():
            s = stats.setdefault(g, _GroupStats())
            s.cum[y] = _cum(months, m)
            s.tot[y] = _total(months)
    return stats


def _loo_errors(
    stats: Mapping[str, _GroupStats], years: Sequence[int], min_share: Fraction
) -> list[tuple[int, Fraction, int, int]]:
    """Leave-one-year-out: for each year, (year, projected total, actual total, gross volume)."""
    out = []
    for y in years:
        others = [x for x in years if x != y]
        point = sum((_group_point(s.cum.get(y, 0), s, others, min_share)[0] for s in stats.values()), Fraction(0))
        actual = sum(s.tot.get(y, 0) for s in stats.values())
        gross = sum(abs(s.tot.get(y, 0)) for s in stats.values())
        out.append((y, point, actual, gross))
    return out


def _rel_errors(loo: Iterable[tuple[int, Fraction, int, int]]) -> list[float]:
    return [float((actual - point) / gross) for _, point, actual, gross in loo if gross]


def _unit_years(unit: str, history: History, before: int, settings: ProjectionSettings) -> tuple[int, ...]:
    """The unit's earlier years with any actuals, newest `max_years`, oldest first."""
    ys = [y for y in sorted(history) if y < before and any(any(v) for v in history[y].get(unit, {}).values())]
    return tuple(ys[-settings.max_years :])


def projection_compute(
    *,
    period: Period,
    actuals: UnitSeries,
    history: History,
    budget: Mapping[str, int],
    units: Iterable[str] | None = None,
    budget_profiles: Mapping[str, Monthly] | None = None,
    settings: ProjectionSettings = DEFAULT_SETTINGS,
) -> Projection:
    """Year-end projection per unit, group and municipality at `period`.

    `actuals` holds this year's months (only months 1–m are used), `history` earlier years' full
    months, `budget` the revised budget per unit. `budget_profiles` gives a unit's monthly budget
    (periodised budget) when the municipality has one; without it the budget is spread evenly.
    `units` (default: every unit in `actuals` or `budget`) fixes the order of the result.
    """
    m = period.month
    codes = list(units) if units is not None else sorted(set(actuals) | set(budget))
    Prepared = tuple[
        str,
        tuple[int, ...],
        dict[str, _GroupStats] | None,
        tuple[list[tuple[int, Fraction, int, int]], list[float]] | None,
        Mapping[str, Sequence[int]],
    ]
    prepared: list[Prepared] = []
    pooled: list[float] = []
    for code in codes:
        ys = _unit_years(code, history, period.year, settings)
        now = actuals.get(code, {})
        if len(ys) < settings.min_years:
            prepared.append((code, ys, None, None, now))
            continue
        stats = _unit_stats(code, history, ys, m)
        for g in now:
            stats.setdefault(g, _GroupStats())
        loo = _loo_errors(stats, ys, settings.min_share)
        errs = _rel_errors(loo)
        pooled.extend(errs)
        prepared.append((code, ys, stats, (loo, errs), now))
    pooled_ms = sum(e * e for e in pooled) / len(pooled) if pooled else None

    results: list[UnitProjection] = []
    muni_loo: dict[int, list[Fraction]] = {}  # year → [projected, actual, gross] sums over statistical units
    stat_gross_now = 0
    for code, ys, unit_stats, loo_errs, now in prepared:
        ytd_groups = {g: _cum(v, m) for g, v in now.items()}
        ytd = sum(ytd_groups.values())
        if unit_stats is None or loo_errs is None:
            results.append(_fallback(code, ytd, m, ys, budget.get(code), (budget_profiles or {}).get(code)))
            continue
        loo, errs = loo_errs
        groups = []
        total = Fraction(0)
        gross_now = Fraction(0)
        for g in sorted(unit_stats):
            point, used_profile = _group_point(ytd_groups.get(g, 0), unit_stats[g], ys, settings.min_share)
            sc = sum(unit_stats[g].cum.values())
            st = sum(unit_stats[g].tot.values())
            share = Fraction(sc, st) if used_profile else None
            groups.append(GroupProjection(group=g, ytd=ytd_groups.get(g, 0), point=_ore(point), share=share))
            total += point
            gross_now += abs(point)
        n = len(errs)
        ms = sum(e * e for e in errs)
        if pooled_ms is not None:
            ms += settings.prior_weight * pooled_ms
            n_eff = n + settings.prior_weight
        else:
            n_eff = n
        rms = math.sqrt(ms / n_eff) if n_eff else 0.0
        half = _ore_of_share(_t90(n_eff) * rms, _ore(gross_now))
        point_ore = _ore(total)
        all_c = sum(sum(s.cum.values()) for s in unit_stats.values())
        all_t = sum(sum(s.tot.values()) for s in unit_stats.values())
        results.append(
            UnitProjection(
                unit=code,
                method=METHOD_STATISTICAL,
                ytd=ytd,
                point=point_ore,
                low=point_ore - half,
                high=point_ore + half,
                years=ys,
                share=Fraction(all_c, all_t) if all_t else None,
                groups=tuple(groups),
            )
        )
        stat_gross_now += _ore(gross_now)
        for y, p, a, gr in loo:
            acc = muni_loo.setdefault(y, [Fraction(0), Fraction(0), Fraction(0)])
            acc[0] += p
            acc[1] += a
            acc[2] += gr
    muni_point = sum(u.point for u in results)
    low: int | None = None
    high: int | None = None
    muni_errs = [float((a - p) / gr) for p, a, gr in muni_loo.values() if gr]
    if muni_errs:
        rms = math.sqrt(sum(e * e for e in muni_errs) / len(muni_errs))
        half = _ore_of_share(_t90(len(muni_errs)) * rms, stat_gross_now)
        low, high = muni_point - half, muni_point + half
    return Projection(period=period, units=tuple(results), point=muni_point, low=low, high=high)


def _fallback(
    code: str, ytd: int, m: int, ys: tuple[int, ...], budget: int | None, profile: Monthly | None
) -> UnitProjection:
    if budget:
        if profile is not None and _total(profile) != 0:
            planned = Fraction(budget * _cum(profile, m), _total(profile))
        else:
            planned = Fraction(budget * m, 12)
        point = _ore(budget + ytd - planned)
        return UnitProjection(code, METHOD_BUDGET_PROFILE, ytd, point, None, None, ys)
    return UnitProjection(code, METHOD_RUN_RATE, ytd, _ore(Fraction(ytd * 12, m)), None, None, ys)


def run_rate(ytd: int, month: int) -> int:
    """The linear run-rate: year-to-date × 12 / month, in whole øre."""
    return _ore(Fraction(ytd * 12, month))


def monthly_profile(history: History, unit: str, group: str | None = None) -> tuple[Fraction, ...] | None:
    """The share of the year booked by the end of each month (12 values), ratio of sums over the
    given years, for a unit (all groups) or one of its groups; None when the years sum to zero."""
    cums = [0] * 12
    total = 0
    for y in history:
        series = history[y].get(unit, {})
        for g, months in series.items():
            if group is not None and g != group:
                continue
            run = 0
            for i in range(12):
                run += months[i] if i < len(months) else 0
                cums[i] += run
            total += _total(months)
    if total == 0:
        return None
    return tuple(Fraction(c, total) for c in cums)


# ---------------------------------------------------------------------------------------------
# Early warning


@dataclass(frozen=True)
class Flag:
    """A unit whose own forecast lies outside the statistical interval. Informs; changes nothing."""

    unit: str
    name: str
    forecast: int
    point: int
    low: int
    high: int
    reason: tuple[Run, ...]
    driver: str = ""  # the account group that drives the difference (combined method)

    @property
    def disagreement(self) -> int:
        """Statistical projection − the unit's forecast, øre (positive: the statistics expect more spending)."""
        return self.point - self.forecast

    @property
    def outside_by(self) -> int:
        """How far the forecast lies outside the interval, øre (always positive)."""
        return self.low - self.forecast if self.forecast < self.low else self.forecast - self.high


# ---------------------------------------------------------------------------------------------
# Forecast history and drift


@dataclass(frozen=True)
class DriftThreshold:
    """A change in a unit's forecast needs an explanation when it exceeds either limit (None = off)."""

    amount: int | None = 50_000_000  # 0,5 mill. kr
    percent_of_budget: Decimal | None = Decimal(1)


def explanation_required(change: int, budget: int, threshold: DriftThreshold) -> bool:
    if threshold.amount is not None and abs(change) > threshold.amount:
        return True
    if threshold.percent_of_budget is not None and budget:
        return abs(change) * 100 > threshold.percent_of_budget * abs(budget)
    return False


@dataclass(frozen=True)
class ForecastPoint:
    month: int
    amount: int | None
    change: int | None  # since the previous reported month
    needs_explanation: bool = False


@dataclass(frozen=True)
class ForecastHistory:
    unit: str
    budget: int
    points: tuple[ForecastPoint, ...]


def forecast_history_compute(
    *,
    forecasts: Mapping[int, Mapping[str, int]],
    budget: Mapping[str, int],
    units: Sequence[str],
    threshold: DriftThreshold = DriftThreshold(),
) -> tuple[ForecastHistory, ...]:
    """Each unit's forecast at every reporting month (month → unit → øre) side by side, with the
    change since the last report and whether it exceeds the drift threshold."""
    months = sorted(forecasts)
    out = []
    for u in units:
        b = budget.get(u, 0)
        prev: int | None = None
        pts = []
        for m in months:
            amt = forecasts[m].get(u)
            change = amt - prev if amt is not None and prev is not None else None
            pts.append(ForecastPoint(m, amt, change, change is not None and explanation_required(change, b, threshold)))
            if amt is not None:
                prev = amt
        out.append(ForecastHistory(unit=u, budget=b, points=tuple(pts)))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# The prognosis bridge (waterfall): revised budget → net forecast


@dataclass(frozen=True)
class BridgeStep:
    kind: str  # "sector" | "measures" | "central" | "subtotal" | "total"
    label: str
    amount: int  # deviation, øre; positive improves the result
    running: int  # cumulative after this step
    counted: bool = True  # False: shown for information, already inside the units' forecasts


@dataclass(frozen=True)
class Bridge:
    steps: tuple[BridgeStep, ...]

    @property
    def net(self) -> int:
        return self.steps[-1].running if self.steps else 0


def bridge_compute(
    table: StatusTable, central: Iterable[CentralItem], *, measures_effect: int = 0, total_label: str = "Netto prognose"
) -> Bridge:
    """From the revised budget (deviation 0) to the net forecast: each sector's unit deviations, the
    measures' expected effect (shown, not added: the units' forecasts already include them), a
    subtotal for the units, each central item, and the net (seed: −62,7 + 20 = −42,7 mill.)."""
    steps: list[BridgeStep] = []
    run = 0
    for s in table.sectors:
        run += s.deviation
        steps.append(BridgeStep("sector", s.name, s.deviation, run))
    if measures_effect:
        steps.append(BridgeStep("measures", "Tiltak (inngår i prognosene)", measures_effect, run, counted=False))
    steps.append(BridgeStep("subtotal", "Avvik enhetene", run, run))
    for c in central:
        if c.deviation:
            run += c.deviation
            steps.append(BridgeStep("central", c.text, c.deviation, run))
    steps.append(BridgeStep("total", total_label, run, run))
    return Bridge(tuple(steps))


# ---------------------------------------------------------------------------------------------
# Track record (prognosesikkerhet) of a closed year

TRACK_CONSERVATIVE = "forsiktig"  # forecast more spending than the year ended at
TRACK_OPTIMISTIC = "optimistisk"  # forecast less spending than the year ended at
TRACK_ACCURATE = "treffsikker"


@dataclass(frozen=True)
class TrackRecordRow:
    code: str
    name: str
    kind: str  # "unit" | "sector" | "total"
    final: int
    errors: tuple[tuple[int, int | None], ...]  # (month, forecast − final), None when none reported
    tendency: str


def _tendency(errors: Sequence[int | None], scale: int, tolerance: Decimal) -> str:
    vals = [e for e in errors if e is not None]
    if not vals or not scale:
        return TRACK_ACCURATE
    mean = Fraction(sum(vals), len(vals))
    if abs(mean) * 100 <= tolerance * abs(scale):
        return TRACK_ACCURATE
    return TRACK_CONSERVATIVE if mean > 0 else TRACK_OPTIMISTIC


def track_record_compute(
    *,
    org: Organisation,
    forecasts: Mapping[int, Mapping[str, int]],
    final: Mapping[str, int],
    budget: Mapping[str, int],
    tolerance_percent: Decimal = Decimal(1),
) -> tuple[TrackRecordRow, ...]:
    """Once a year is closed: each unit's and sector's forecast at every report month against the
    final accounts. A unit not reporting in a month is counted at its budget (as the report did).
    Tendency: mean error beyond `tolerance_percent` of the budget → forsiktig/optimistisk."""
    months = sorted(forecasts)
    rows: list[TrackRecordRow] = []
    totals = {m: 0 for m in months}
    tot_final = tot_budget = 0
    for sector in org.sectors:
        sec = {m: 0 for m in months}
        sec_final = sec_budget = 0
        for unit in org.units_of(sector.code):
            b = budget.get(unit.code, 0)
            f = final.get(unit.code, 0)
            errs = []
            for m in months:
                e = forecasts[m].get(unit.code, b) - f
                errs.append((m, e))
                sec[m] += e
            rows.append(
                TrackRecordRow(
                    unit.code, unit.name, "unit", f, tuple(errs), _tendency([e for _, e in errs], b, tolerance_percent)
                )
            )
            sec_final += f
            sec_budget += b
        errs_s = tuple((m, sec[m]) for m in months)
        rows.append(
            TrackRecordRow(
                sector.code,
                sector.name,
                "sector",
                sec_final,
                errs_s,
                _tendency([e for _, e in errs_s], sec_budget, tolerance_percent),
            )
        )
        for m in months:
            totals[m] += sec[m]
        tot_final += sec_final
        tot_budget += sec_budget
    errs_t = tuple((m, totals[m]) for m in months)
    rows.append(
        TrackRecordRow(
            "", "Totalt", "total", tot_final, errs_t, _tendency([e for _, e in errs_t], tot_budget, tolerance_percent)
        )
    )
    return tuple(rows)


# ---------------------------------------------------------------------------------------------
# Report blocks (built from the existing block types, so every renderer shows them unchanged)

REPORT_ANNEX_TITLE = "Vedlegg: Statistisk kontroll av prognosene"
REPORT_BRIDGE_TITLE = "Fra budsjett til netto prognose"


def _mill(ore: int) -> Figure:
    # Display only: the table prints "mill. kroner" figures; the øre stay exact in the model.
    return Figure(Decimal(ore) / 100_000_000, FigureKind.MILLION_KRONER)


def bridge_blocks(bridge: Bridge | None) -> list[Block]:
    """The prognosis bridge as a table: each step's effect and the running result, mill. kroner."""
    if bridge is None or not bridge.steps:
        return []
    kinds = {"subtotal": "sector", "total": "total"}
    rows = tuple(
        FigureTableRow(
            label=s.label,
            cells=(_mill(s.amount), _mill(s.running) if s.counted else Figure(None)),
            kind=kinds.get(s.kind, "unit"),
        )
        for s in bridge.steps
    )
    table = FigureTable(
        caption=REPORT_BRIDGE_TITLE,
        label_header="",
        columns=("Avvik", "Akkumulert"),
        rows=rows,
        notes=("Positive tall bedrer resultatet. Tiltakenes effekt inngår i enhetenes prognoser.",),
    )
    return [Heading(REPORT_BRIDGE_TITLE), table, bridge_chart(bridge)]


def bridge_chart(bridge: Bridge) -> WaterfallChart:
    """The bridge drawn as a waterfall of the counted steps (the measures are inside the forecasts)."""
    steps = tuple(
        WaterfallStep(s.label, s.amount, s.running, total=s.kind in ("subtotal", "total"))
        for s in bridge.steps
        if s.counted
    )
    return WaterfallChart(
        title=REPORT_BRIDGE_TITLE,
        steps=steps,
        description=(
            "Hvert steg viser hvor mye det endrer resultatet; netto prognose er ",
            Amount(bridge.net, AmountStyle.MILLIONS),
            " kroner. Negative steg (rødt) er merforbruk.",
        ),
    )


REPORT_ANNEX_TOP = 5  # the annex shows the largest flags only; the screen lists every one


def forecast_control_blocks(
    flags: Sequence[Flag], period: Period, history_years: Sequence[int] = (), top: int = REPORT_ANNEX_TOP
) -> list[Block]:
    """The short annex: the largest flags (a forecast outside the interval by a material amount),
    each with one sentence naming the account group that drives it; left out when there are none.
    Informs finance and the unit leaders; changes no figure in the report."""
    if not flags:
        return []
    shown = flags[:top]
    years = f" ({history_years[0]}–{history_years[-1]})" if history_years else ""
    more = f"; de {len(shown)} største står her" if len(flags) > len(shown) else ""
    intro = Paragraph(
        (
            f"Regnskapet pr. {MONTHS_NB[period.month - 1]} {period.year} fremskrevet med mønsteret fra tidligere "
            f"år{years} avviker vesentlig fra prognosen til {len(flags)} "
            f"{'enhet' if len(flags) == 1 else 'enheter'}{more}. Varselet endrer ingen tall.",
        )
    )
    table = FigureTable(
        caption="Enheter med prognose utenfor det statistiske intervallet",
        label_header="Ansvar",
        columns=("Prognose", "Fremskrevet", "Forskjell"),
        rows=tuple(
            FigureTableRow(label=f"{f.unit} {f.name}", cells=(_mill(f.forecast), _mill(f.point), _mill(f.disagreement)))
            for f in shown
        ),
        notes=("Forskjell = fremskrevet − prognose; positiv betyr høyere forbruk enn meldt.",),
    )
    reasons = ItemList(tuple((f"{f.unit} {f.name}: ", *f.reason) for f in shown))
    return [Heading(REPORT_ANNEX_TITLE), intro, table, reasons]


# ---------------------------------------------------------------------------------------------
# The unit page's projection chart, as data: the series the template draws, derived here.


@dataclass(frozen=True)
class ProjectionChartSeries:
    """Month → øre series for one unit's projection chart.

    `actual` is the cumulative actuals for months 1..m; `path` the statistical path to year-end, a
    straight line from (m, cumulative actuals at m) to (12, the projected point), rounded to øre."""

    month: int
    actual: tuple[tuple[int, int], ...]
    path: tuple[tuple[int, int], ...]
    point: int
    low: int | None
    high: int | None

    def values(self) -> tuple[int, ...]:
        """Every amount the chart shows, for its scale."""
        bounds = tuple(v for v in (self.low, self.high) if v is not None)
        return (*(v for _, v in self.actual), *(v for _, v in self.path), self.point, *bounds)


def projection_chart_series(monthly: Mapping[int, int], month: int, unit: UnitProjection) -> ProjectionChartSeries:
    """The cumulative actuals to `month` (from monthly amounts, month → øre) and the path to December."""
    actual: list[tuple[int, int]] = []
    cum = 0
    for m in range(1, month + 1):
        cum += monthly.get(m, 0)
        actual.append((m, cum))
    steps = 12 - month
    path = tuple(
        (m, cum + _ore(Fraction((unit.point - cum) * (m - month), steps)) if steps else unit.point)
        for m in range(month, 13)
    )
    return ProjectionChartSeries(
        month=month, actual=tuple(actual), path=path, point=unit.point, low=unit.low, high=unit.high
    )


def track_record_chart(rows: Sequence[TrackRecordRow], year: int) -> DeviationChart | None:
    """Each unit's error at its first report of the year (forecast − final accounts) as bars: which
    units start the year cautious (positive: forecast above the accounts) and which optimistic."""
    bars = []
    for r in rows:
        if r.kind != "unit":
            continue
        first = next((e for _m, e in r.errors if e is not None), None)
        if first is not None:
            bars.append(ChartBar(f"{r.code} {r.name}", first))
    if not bars:
        return None
    bars.sort(key=lambda b: b.value)
    cautious = sum(b.value > 0 for b in bars)
    return DeviationChart(
        title=f"Prognosefeil ved første rapportering {year} (prognose − regnskap)",
        bars=tuple(bars),
        description=(
            f"{len(bars)} enheter; {cautious} meldte en prognose over endelig regnskap (forsiktig), "
            f"{len(bars) - cautious} under (optimistisk). Største feil øverst og nederst.",
        ),
        note="Positivt: prognosen var høyere enn regnskapet. Rødt: lavere (optimistisk).",
        sign_labels=("prognosen lavere enn regnskapet (optimistisk)", "prognosen høyere (forsiktig)"),
    )
