"""Reads for the finance pages and the tertial report; model → core in one place."""

from dataclasses import dataclass
from datetime import date

from tertial.core import debt as core
from tertial.core.periods import Period

from .models import FinanceRules, LiquidityRecord, Loan, YearFigures


def loan_to_core(row: Loan) -> core.Loan:
    return core.Loan(
        number=row.number,
        lender=row.lender,
        balance=row.balance,
        rate_type=core.RateType(row.rate_type),
        rate=row.rate,
        maturity=row.maturity,
        fixed_until=row.fixed_until,
        kind=core.LoanKind(row.kind),
    )


def rules_to_core(row: FinanceRules) -> core.FinanceRules:
    return core.FinanceRules(
        valid_from=row.valid_from,
        fixed_share_min=row.fixed_share_min,
        fixed_share_max=row.fixed_share_max,
        maturing_12m_max=row.maturing_12m_max,
        lender_share_max=row.lender_share_max,
        liquidity_min=row.liquidity_min,
        liquidity_min_days=row.liquidity_min_days,
        reference=row.reference,
    )


def loans_list(*, year: int, month: int) -> list[core.Loan]:
    return [loan_to_core(r) for r in Loan.objects.filter(year=year, month=month)]


def liquidity_get(*, year: int, month: int) -> core.Liquidity | None:
    row = LiquidityRecord.objects.filter(year=year, month=month).first()
    if row is None:
        return None
    return core.Liquidity(row.bank_deposits, row.unused_credit, row.placements)


def rules_list() -> list[FinanceRules]:
    return list(FinanceRules.objects.all())


def year_figures_list() -> list[YearFigures]:
    return list(YearFigures.objects.all())


def rules_in_force_get(on: date) -> core.FinanceRules | None:
    row = FinanceRules.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    return rules_to_core(row) if row else None


def loan_periods() -> list[tuple[int, int]]:
    """(year, month) with an imported portfolio, newest first."""
    return sorted(set(Loan.objects.values_list("year", "month").distinct()), reverse=True)


@dataclass(frozen=True)
class FinanceView:
    period: Period
    loans: tuple[core.Loan, ...]
    figures: core.KeyFigures
    checks: tuple[core.LimitCheck, ...]
    rules: core.FinanceRules | None
    liquidity: core.Liquidity | None
    inhabitants: int | None


def finance_view_get(*, year: int, month: int) -> FinanceView:
    """The portfolio pr. the end of (year, month), its key figures and the rules in force that day."""
    period = Period(year, month)
    loans = tuple(loans_list(year=year, month=month))
    facts = YearFigures.objects.filter(year=year).first()
    liquidity = liquidity_get(year=year, month=month)
    figures = core.key_figures_compute(
        loans,
        as_of=period.end_date,
        inhabitants=facts.inhabitants if facts else None,
        liquidity=liquidity,
        operating_expenditure=facts.operating_expenditure if facts else None,
    )
    rules = rules_in_force_get(period.end_date)
    checks = tuple(core.limits_check(figures, rules)) if rules else ()
    return FinanceView(
        period=period,
        loans=loans,
        figures=figures,
        checks=checks,
        rules=rules,
        liquidity=liquidity,
        inhabitants=facts.inhabitants if facts else None,
    )
