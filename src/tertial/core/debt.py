"""Finance and debt management (finansforvaltning): the loan portfolio, liquidity and the limits of
the municipality's own finance rules (finansreglement).

Forskrift om finans- og gjeldsforvaltning i kommuner § 5 requires the kommunedirektør to report the
debt portfolio and liquidity, measured against the finance rules' limits, at least in every tertial
report. This module computes the key figures exactly from plain values and compares each with its
limit; nothing here reads the clock or the database.

Conventions and simplifications (also in docs/finance.md):
- The key figures and limits cover the ordinary borrowing (lån til egne investeringer). Loans for
  re-lending (startlån from Husbanken) are matched by the borrowers' repayments and are reported
  separately, as most finance rules do.
- Shares are by balance at the period end. A floating-rate loan resets its rate at once (time to
  rate reset 0); a fixed-rate loan at the end of its fixed period, or at maturity if that is earlier.
- Years to maturity and to rate reset are days / 365 from the period end, weighted by balance.
- "Maturing within 12 months" counts a loan's whole balance when its final maturity is within 12
  months of the period end (the refinancing risk); instalments along the way are not counted.
- The interest-cost forecast holds each loan's period-end balance for the whole year (no
  instalments, no new loans): balance × rate × days / days in the year, with the fixed rate until
  its end and the loan's current rate, or `floating_rate` when given, for floating loans and after a
  fixed period ends. Rounded to øre once, for the sum.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from .checks import Mismatch
from .document import (
    Amount,
    AmountStyle,
    Block,
    Figure,
    FigureKind,
    FigureTable,
    FigureTableRow,
    Heading,
    ItemList,
    Paragraph,
    Percent,
    Run,
)
from .money import ORE_PER_KRONE, ratio_percent, round_half_up

DAYS_PER_YEAR = Decimal(365)
PORTFOLIO_LABEL = "Långiver og lån"  # the first column of a portfolio table (checked by portfolio_check)


class RateType(StrEnum):
    FIXED = "fast"
    FLOATING = "flytende"


class LoanKind(StrEnum):
    ORDINARY = "ordinar"  # lån til egne investeringer
    RELENDING = "startlan"  # startlån / lån til videreutlån


RATE_TYPE_LABELS = {RateType.FIXED: "Fast", RateType.FLOATING: "Flytende"}
LOAN_KIND_LABELS = {LoanKind.ORDINARY: "Ordinær gjeld", LoanKind.RELENDING: "Startlån (videreutlån)"}

FIXED_UNTIL_NEEDS_FIXED = "Rentebinding til-dato gjelder bare lån med fast rente"
FIXED_NEEDS_UNTIL = "Et lån med fast rente må ha en rentebinding til-dato"
MIN_ABOVE_MAX = "Minimum kan ikke være høyere enn maksimum"


@dataclass(frozen=True)
class Loan:
    number: str
    lender: str
    balance: int  # øre at the period end, ≥ 0
    rate_type: RateType
    rate: Decimal  # percent per year, 4.25 = 4,25 %
    maturity: date
    fixed_until: date | None = None
    kind: LoanKind = LoanKind.ORDINARY

    @property
    def reset_date(self) -> date | None:
        """When the rate is next set: None for a floating loan (at once); the fixed period's end or maturity."""
        if self.rate_type is RateType.FLOATING:
            return None
        assert self.fixed_until is not None
        return min(self.fixed_until, self.maturity)


@dataclass(frozen=True)
class Liquidity:
    """Liquidity at a month's end, øre. Available liquidity = deposits + unused credit line + placements."""

    bank_deposits: int
    unused_credit: int = 0
    placements: int = 0  # liquidity reserve placed in money-market funds, deposits with notice, …

    @property
    def available(self) -> int:
        return self.bank_deposits + self.unused_credit + self.placements


@dataclass(frozen=True)
class FinanceRules:
    """The limits of one version of the finance rules; None = the rules set no such limit. Percentages
    are of the ordinary debt by balance."""

    valid_from: date
    fixed_share_min: Decimal | None = None
    fixed_share_max: Decimal | None = None
    maturing_12m_max: Decimal | None = None
    lender_share_max: Decimal | None = None
    liquidity_min: int | None = None  # øre
    liquidity_min_days: int | None = None  # days of gross operating expenditure
    reference: str = ""  # the council decision adopting the rules

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for every inconsistent limit; empty when the rules are valid."""
        found = []
        lo, hi = self.fixed_share_min, self.fixed_share_max
        if lo is not None and hi is not None and lo > hi:
            found.append(("fixed_share_min", MIN_ABOVE_MAX))
        for name in ("fixed_share_min", "fixed_share_max", "maturing_12m_max", "lender_share_max"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                found.append((name, "En andel må være mellom 0 og 100 %"))
        return found


@dataclass(frozen=True)
class YearFigures:
    """Facts of a year the key figures need: inhabitants (1 January) and gross operating expenditure (øre)."""

    year: int
    inhabitants: int
    operating_expenditure: int | None = None


def rules_in_force(rules: Sequence[FinanceRules], on: date) -> FinanceRules | None:
    """The version valid on `on`: the latest valid_from on or before it."""
    valid = [r for r in rules if r.valid_from <= on]
    return max(valid, key=lambda r: r.valid_from) if valid else None


def loan_problems(loan: Loan) -> list[tuple[str, str]]:
    """(field, message) for a loan that breaks a rule of its own; empty when it is valid."""
    found = []
    if loan.balance < 0:
        found.append(("balance", "Saldo kan ikke være negativ"))
    if loan.rate_type is RateType.FIXED and loan.fixed_until is None:
        found.append(("fixed_until", FIXED_NEEDS_UNTIL))
    if loan.rate_type is RateType.FLOATING and loan.fixed_until is not None:
        found.append(("fixed_until", FIXED_UNTIL_NEEDS_FIXED))
    return found


def add_months(d: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31.08 + 6 → 28/29.02)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class LenderShare:
    lender: str
    balance: int
    share: Decimal


@dataclass(frozen=True)
class KeyFigures:
    """The portfolio's key figures pr. `as_of` (ordinary debt unless said otherwise). Ratios unrounded."""

    as_of: date
    total_debt: int  # ordinary debt, øre
    relending_debt: int  # startlån, øre
    loan_count: int
    fixed_share: Decimal | None  # % of ordinary debt at a fixed rate
    average_rate: Decimal | None  # % weighted by balance
    years_to_maturity: Decimal | None
    years_to_reset: Decimal | None
    largest_lender: LenderShare | None
    maturing_12m_share: Decimal | None
    debt_per_inhabitant: int | None  # øre (ordinary + startlån = lånegjeld), rounded half up to whole øre
    interest_cost: int  # forecast for the calendar year, ordinary debt, øre
    liquidity: int | None  # available liquidity, øre
    liquidity_days: Decimal | None  # available liquidity in days of gross operating expenditure


def _weighted(loans: Sequence[Loan], values: Sequence[Decimal], total: int) -> Decimal | None:
    if total == 0:
        return None
    return sum((Decimal(ln.balance) * v for ln, v in zip(loans, values, strict=True)), Decimal(0)) / Decimal(total)


def _years(start: date, end: date | None) -> Decimal:
    if end is None or end <= start:
        return Decimal(0)
    return Decimal((end - start).days) / DAYS_PER_YEAR


def interest_cost_forecast(loans: Sequence[Loan], year: int, floating_rate: Decimal | None = None) -> int:
    """The year's interest cost in øre (see the module docstring for the simplification)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    days_in_year = Decimal((last - first).days + 1)
    total = Decimal(0)
    for ln in loans:
        later_rate = floating_rate if floating_rate is not None else ln.rate
        if ln.rate_type is RateType.FLOATING:
            rate_days = later_rate * days_in_year
        else:
            assert ln.fixed_until is not None
            fixed_end = min(max(ln.fixed_until, first - timedelta(days=1)), last)
            fixed_days = Decimal((fixed_end - first).days + 1)
            rate_days = ln.rate * fixed_days + later_rate * (days_in_year - fixed_days)
        total += Decimal(ln.balance) * rate_days / 100 / days_in_year
    return int(round_half_up(total))


def key_figures_compute(
    loans: Sequence[Loan],
    *,
    as_of: date,
    inhabitants: int | None = None,
    liquidity: Liquidity | None = None,
    operating_expenditure: int | None = None,
    floating_rate: Decimal | None = None,
) -> KeyFigures:
    """Key figures of the portfolio pr. `as_of`. `operating_expenditure` is the year's gross operating
    expenditure in øre (for liquidity in days: available / (expenditure / 365))."""
    ordinary = [ln for ln in loans if ln.kind is LoanKind.ORDINARY]
    relending = sum(ln.balance for ln in loans if ln.kind is LoanKind.RELENDING)
    total = sum(ln.balance for ln in ordinary)
    fixed = sum(ln.balance for ln in ordinary if ln.rate_type is RateType.FIXED)
    horizon = add_months(as_of, 12)
    maturing = sum(ln.balance for ln in ordinary if ln.maturity <= horizon)
    by_lender: dict[str, int] = defaultdict(int)
    for ln in ordinary:
        by_lender[ln.lender] += ln.balance
    largest = None
    if by_lender and total:
        name, amount = max(sorted(by_lender.items()), key=lambda kv: kv[1])
        share = ratio_percent(amount, total)
        assert share is not None
        largest = LenderShare(name, amount, share)
    per_inhabitant = None
    if inhabitants:
        per_inhabitant = int(round_half_up(Decimal(total + relending) / inhabitants))
    available = liquidity.available if liquidity else None
    days = None
    if available is not None and operating_expenditure:
        days = Decimal(available) * DAYS_PER_YEAR / Decimal(operating_expenditure)
    return KeyFigures(
        as_of=as_of,
        total_debt=total,
        relending_debt=relending,
        loan_count=len(ordinary),
        fixed_share=ratio_percent(fixed, total),
        average_rate=_weighted(ordinary, [ln.rate for ln in ordinary], total),
        years_to_maturity=_weighted(ordinary, [_years(as_of, ln.maturity) for ln in ordinary], total),
        years_to_reset=_weighted(ordinary, [_years(as_of, ln.reset_date) for ln in ordinary], total),
        largest_lender=largest,
        maturing_12m_share=ratio_percent(maturing, total),
        debt_per_inhabitant=per_inhabitant,
        interest_cost=interest_cost_forecast(ordinary, as_of.year, floating_rate),
        liquidity=available,
        liquidity_days=days,
    )


# --- Limits ---------------------------------------------------------------------------------------


class LimitStatus(StrEnum):
    WITHIN = "innenfor"
    BREACH = "brudd"
    NO_FIGURE = "mangler tall"


STATUS_LABELS = {
    LimitStatus.WITHIN: "innenfor",
    LimitStatus.BREACH: "BRUDD",
    LimitStatus.NO_FIGURE: "mangler tall",
}


class Measure(StrEnum):
    PERCENT = "prosent"
    AMOUNT = "beløp"  # øre
    DAYS = "dager"


@dataclass(frozen=True)
class LimitCheck:
    """One key figure against one limit of the finance rules. `explanation` is one line (runs)."""

    key: str
    label: str
    measure: Measure
    value: Decimal | None  # percent, øre or days
    minimum: Decimal | None
    maximum: Decimal | None
    status: LimitStatus
    explanation: tuple[Run, ...]

    @property
    def breach(self) -> bool:
        return self.status is LimitStatus.BREACH


def _show(value: Decimal, measure: Measure) -> tuple[Run, ...]:
    if measure is Measure.PERCENT:
        return (Percent(value, 1),)
    if measure is Measure.AMOUNT:
        return (Amount(int(value), AmountStyle.MILLIONS), " kr")
    return (f"{round_half_up(value, 0)} dager",)


def _limit(
    key: str, label: str, measure: Measure, value: Decimal | None, lo: Decimal | None, hi: Decimal | None
) -> LimitCheck:
    if value is None:
        return LimitCheck(key, label, measure, None, lo, hi, LimitStatus.NO_FIGURE, (f"{label}: mangler tall.",))
    shown = _show(value, measure)
    if lo is not None and value < lo:
        why: tuple[Run, ...] = (
            f"{label} er ",
            *shown,
            ", under minimum ",
            *_show(lo, measure),
            " i finansreglementet.",
        )
        return LimitCheck(key, label, measure, value, lo, hi, LimitStatus.BREACH, why)
    if hi is not None and value > hi:
        why = (f"{label} er ", *shown, ", over maksimum ", *_show(hi, measure), " i finansreglementet.")
        return LimitCheck(key, label, measure, value, lo, hi, LimitStatus.BREACH, why)
    bounds: list[Run] = []
    if lo is not None and hi is not None:
        bounds = [", innenfor grensene ", *_show(lo, measure), "–", *_show(hi, measure), "."]
    elif lo is not None:
        bounds = [", ikke under minimum ", *_show(lo, measure), "."]
    elif hi is not None:
        bounds = [", ikke over maksimum ", *_show(hi, measure), "."]
    return LimitCheck(key, label, measure, value, lo, hi, LimitStatus.WITHIN, (f"{label} er ", *shown, *bounds))


def limits_check(figures: KeyFigures, rules: FinanceRules) -> list[LimitCheck]:
    """Every limit the rules set, each with its figure and status, in the rules' order."""
    out = []
    if rules.fixed_share_min is not None or rules.fixed_share_max is not None:
        out.append(
            _limit(
                "fixed_share",
                "Andel fast rente",
                Measure.PERCENT,
                figures.fixed_share,
                rules.fixed_share_min,
                rules.fixed_share_max,
            )
        )
    if rules.maturing_12m_max is not None:
        out.append(
            _limit(
                "maturing_12m",
                "Andel gjeld med forfall innen 12 måneder",
                Measure.PERCENT,
                figures.maturing_12m_share,
                None,
                rules.maturing_12m_max,
            )
        )
    if rules.lender_share_max is not None:
        largest = figures.largest_lender
        out.append(
            _limit(
                "lender_share",
                f"Andel hos største långiver ({largest.lender})" if largest else "Andel hos største långiver",
                Measure.PERCENT,
                largest.share if largest else None,
                None,
                rules.lender_share_max,
            )
        )
    if rules.liquidity_min is not None:
        out.append(
            _limit(
                "liquidity",
                "Likviditetsreserve",
                Measure.AMOUNT,
                None if figures.liquidity is None else Decimal(figures.liquidity),
                Decimal(rules.liquidity_min),
                None,
            )
        )
    if rules.liquidity_min_days is not None:
        out.append(
            _limit(
                "liquidity_days",
                "Likviditetsreserve i dager av brutto driftsutgifter",
                Measure.DAYS,
                figures.liquidity_days,
                Decimal(rules.liquidity_min_days),
                None,
            )
        )
    return out


# --- The tertial report's section ---------------------------------------------------------------


def _limit_figure(value: Decimal | None, measure: Measure) -> Figure:
    if value is None:
        return Figure(None)
    if measure is Measure.PERCENT:
        return Figure(value, FigureKind.PERCENT)
    if measure is Measure.AMOUNT:
        return Figure(value / ORE_PER_KRONE / 1_000_000, FigureKind.MILLION_KRONER)
    return Figure(value, FigureKind.COUNT)


def portfolio_check(table: FigureTable) -> list[Mismatch]:
    """Re-derive a portfolio table's «Sum» row from its loan rows, as printed (exact values): the
    balance is their sum and the rate their balance-weighted average."""
    found = []
    rows = [r for r in table.rows if r.kind != "total"]
    for total in (r for r in table.rows if r.kind == "total"):
        balance = sum((r.cells[0].value or Decimal(0) for r in rows), Decimal(0))
        if total.cells[0].value != balance:
            found.append(Mismatch(table.caption, "saldo", total.cells[0].value, balance, "sum = summen av lånene"))
        weighted = sum(((r.cells[0].value or Decimal(0)) * (r.cells[1].value or Decimal(0)) for r in rows), Decimal(0))
        rate = weighted / balance if balance else None
        shown = total.cells[1].value
        if rate is None or shown is None:
            if rate != shown:
                found.append(Mismatch(table.caption, "rente", shown, rate, "rente = snitt vektet med saldo"))
        elif round_half_up(shown, 10) != round_half_up(rate, 10):
            found.append(Mismatch(table.caption, "rente", shown, rate, "rente = snitt vektet med saldo"))
    return found


def limit_cells(check: LimitCheck) -> tuple[Figure, Figure, Figure]:
    """The check's figure, minimum and maximum as typed table figures."""
    return (
        _limit_figure(check.value, check.measure),
        _limit_figure(check.minimum, check.measure),
        _limit_figure(check.maximum, check.measure),
    )


def portfolio_table(loans: Sequence[Loan], caption: str) -> FigureTable:
    """Loans by lender (largest balance first within the lender), with a total row."""
    ordered = sorted(loans, key=lambda ln: (ln.lender, -ln.balance, ln.number))
    rows = [
        FigureTableRow(
            label=f"{ln.lender} {ln.number} ({RATE_TYPE_LABELS[ln.rate_type].lower()}"
            + (f" til {ln.fixed_until:%d.%m.%Y}" if ln.fixed_until else "")
            + f", forfall {ln.maturity:%d.%m.%Y})",
            cells=(Figure.thousands(ln.balance), Figure(ln.rate, FigureKind.PERCENT2)),
        )
        for ln in ordered
    ]
    total = sum(ln.balance for ln in loans)
    average = _weighted(loans, [ln.rate for ln in loans], total)
    rows.append(FigureTableRow("Sum", (Figure.thousands(total), Figure(average, FigureKind.PERCENT2)), kind="total"))
    return FigureTable(
        caption=caption,
        label_header=PORTFOLIO_LABEL,
        columns=("Saldo (1000 kr)", "Rente"),
        rows=tuple(rows),
        notes=("Rente i sumlinjen er gjennomsnitt vektet med saldo.",),
    )


def key_figure_rows(figures: KeyFigures, checks: Sequence[LimitCheck] = ()) -> list[FigureTableRow]:
    """The key figures that no limit in `checks` covers, each as (value, –, –)."""
    checked = {c.key for c in checks}
    none = (Figure(None), Figure(None))
    plain: list[tuple[str, str, Figure]] = [
        ("", "Samlet ordinær lånegjeld", _limit_figure(Decimal(figures.total_debt), Measure.AMOUNT)),
        ("", "Gjennomsnittlig rente", Figure(figures.average_rate, FigureKind.PERCENT2)),
        ("fixed_share", "Andel fast rente", _limit_figure(figures.fixed_share, Measure.PERCENT)),
        ("", "Gjennomsnittlig tid til forfall (år)", Figure(_one(figures.years_to_maturity))),
        ("", "Gjennomsnittlig tid til renteregulering (år)", Figure(_one(figures.years_to_reset))),
        (
            "maturing_12m",
            "Andel gjeld med forfall innen 12 måneder",
            _limit_figure(figures.maturing_12m_share, Measure.PERCENT),
        ),
    ]
    if figures.largest_lender is not None:
        plain.append(
            (
                "lender_share",
                f"Andel hos største långiver ({figures.largest_lender.lender})",
                _limit_figure(figures.largest_lender.share, Measure.PERCENT),
            )
        )
    if figures.debt_per_inhabitant is not None:
        plain.append(
            (
                "",
                "Lånegjeld per innbygger inkl. startlån",
                Figure(Decimal(figures.debt_per_inhabitant) / ORE_PER_KRONE, FigureKind.KRONER),
            )
        )
    plain.append(
        (
            "",
            f"Prognose renteutgifter {figures.as_of.year}",
            _limit_figure(Decimal(figures.interest_cost), Measure.AMOUNT),
        )
    )
    if figures.liquidity is not None:
        plain.append(("liquidity", "Likviditetsreserve", _limit_figure(Decimal(figures.liquidity), Measure.AMOUNT)))
    return [FigureTableRow(label, (value, *none)) for key, label, value in plain if not key or key not in checked]


KEY_FIGURES_LABEL = "Nøkkeltall"


def key_figures_table(figures: KeyFigures, checks: Sequence[LimitCheck]) -> FigureTable:
    """Key figures first without a limit, then each limit with its status in the row label (text, not colour)."""
    rows = key_figure_rows(figures, checks)
    for c in checks:
        rows.append(FigureTableRow(f"{c.label}: {STATUS_LABELS[c.status]}", limit_cells(c)))
    return FigureTable(
        caption=f"Nøkkeltall og grenser i finansreglementet pr. {figures.as_of:%d.%m.%Y}",
        label_header=KEY_FIGURES_LABEL,
        columns=("Verdi", "Minimum", "Maksimum"),
        rows=tuple(rows),
        notes=(
            "Nøkkeltall og grenser gjelder ordinær lånegjeld; startlån til videreutlån holdes utenfor.",
            "Prognosen for renteutgifter holder saldoen ved periodens slutt for hele året, med dagens rente "
            "for flytende lån og etter utløpt rentebinding.",
        ),
    )


def _one(value: Decimal | None) -> Decimal | None:
    """Years shown with one decimal (COUNT figures show one decimal when not whole)."""
    return None if value is None else round_half_up(value, 1)


def finance_blocks(
    loans: Sequence[Loan],
    figures: KeyFigures,
    checks: Sequence[LimitCheck],
    rules: FinanceRules | None,
    liquidity: Liquidity | None = None,
) -> list[Block]:
    """The tertial report's section "Finansforvaltning"; empty without loans."""
    if not loans:
        return []
    as_of = figures.as_of
    ordinary = [ln for ln in loans if ln.kind is LoanKind.ORDINARY]
    relending = [ln for ln in loans if ln.kind is LoanKind.RELENDING]
    breaches = [c for c in checks if c.breach]
    intro: list[Run] = [
        "Kommunens ordinære lånegjeld var ",
        *_show(Decimal(figures.total_debt), Measure.AMOUNT),
        f" pr. {as_of:%d.%m.%Y}, fordelt på {len(ordinary)} lån. ",
    ]
    if figures.average_rate is not None:
        intro += [
            "Gjennomsnittlig rente var ",
            Percent(figures.average_rate, 2),
            ", og ",
            Percent(figures.fixed_share, 1),
            " av gjelden har fast rente. ",
        ]
    if figures.relending_debt:
        intro += [
            "I tillegg kommer ",
            *_show(Decimal(figures.relending_debt), Measure.AMOUNT),
            " i startlån til videreutlån. ",
        ]
    if rules is None:
        intro.append("Det er ikke registrert et finansreglement, så gjelden er ikke målt mot grenser.")
    elif not checks:
        intro.append("Finansreglementet setter ingen tallfestede grenser som gjelden kan måles mot.")
    elif breaches:
        intro.append(f"{len(breaches)} av {len(checks)} grenser i finansreglementet er brutt.")
    else:
        intro.append(f"Alle {len(checks)} grenser i finansreglementet er overholdt.")
    blocks: list[Block] = [
        Heading("Finansforvaltning"),
        Paragraph(
            (
                "Etter forskrift om finans- og gjeldsforvaltning i kommuner § 5 skal kommunedirektøren minst "
                "i hver tertialrapport rapportere om gjeldsporteføljen og likviditeten, målt mot grensene i "
                "kommunens finansreglement" + (f" ({rules.reference})" if rules and rules.reference else "") + ".",
            )
        ),
        Paragraph(tuple(intro)),
    ]
    if liquidity is not None:
        blocks.append(
            Paragraph(
                (
                    f"Tilgjengelig likviditet pr. {as_of:%d.%m.%Y} var ",
                    *_show(Decimal(liquidity.available), Measure.AMOUNT),
                    ": bankinnskudd ",
                    *_show(Decimal(liquidity.bank_deposits), Measure.AMOUNT),
                    ", ubenyttet trekkrettighet ",
                    *_show(Decimal(liquidity.unused_credit), Measure.AMOUNT),
                    " og plasseringer ",
                    *_show(Decimal(liquidity.placements), Measure.AMOUNT),
                    ".",
                )
            )
        )
    else:
        blocks.append(Paragraph((f"Det er ikke importert likviditetstall pr. {as_of:%d.%m.%Y}.",)))
    if ordinary:
        blocks.append(portfolio_table(ordinary, f"Låneportefølje pr. {as_of:%d.%m.%Y}, ordinær gjeld"))
    if relending:
        blocks.append(portfolio_table(relending, f"Startlån til videreutlån pr. {as_of:%d.%m.%Y}"))
    blocks.append(key_figures_table(figures, checks))
    if breaches:
        blocks.append(Heading("Brudd på finansreglementet", level=3))
        blocks.append(ItemList(tuple(c.explanation for c in breaches)))
    return blocks
