"""Writes to the finance app. Each is one transaction: load, call core, save, audit. An import
replaces what its file covers (a period's portfolio, the months of a liquidity file, the versions
of the rules by valid-from date, the years of an inhabitants file), so re-importing is idempotent
and a failure leaves the database as it was."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from tertial.core import debt as core
from tertial.core.errors import DomainError
from tertial.web.audit.services import audit_changes, audit_record
from tertial.web.locks import period_write_guard
from tertial.web.org.services import budget_year_ensure

from .models import FinanceRules, LiquidityRecord, Loan, YearFigures
from .selectors import rules_to_core

RULE_FIELDS = (
    "valid_from",
    "fixed_share_min",
    "fixed_share_max",
    "maturing_12m_max",
    "lender_share_max",
    "liquidity_min",
    "liquidity_min_days",
    "reference",
)


def loans_import(*, year: int, month: int, loans: Sequence[core.Loan], actor: Any = None) -> str:
    """Replace the portfolio pr. the end of (year, month) with the file's loans."""
    problems = [f"{ln.number}: {msg}" for ln in loans for _, msg in core.loan_problems(ln)]
    if problems:
        raise DomainError("; ".join(problems))
    with transaction.atomic():
        period_write_guard(year=year, month=month)
        by = budget_year_ensure(year)
        deleted, _ = Loan.objects.filter(year=year, month=month).delete()
        Loan.objects.bulk_create(
            Loan(
                year=year,
                month=month,
                number=ln.number,
                lender=ln.lender,
                balance=ln.balance,
                rate_type=ln.rate_type.value,
                rate=ln.rate,
                fixed_until=ln.fixed_until,
                maturity=ln.maturity,
                kind=ln.kind.value,
            )
            for ln in loans
        )
        audit_record(actor=actor, action="imported", obj=by, changes={f"loans_{month:02d}": [deleted, len(loans)]})
    relending = sum(1 for ln in loans if ln.kind is core.LoanKind.RELENDING)
    return f"Låneportefølje {month:02d}/{year}: {len(loans)} lån, {relending} av dem startlån"


def liquidity_import(*, year: int, months: Mapping[int, core.Liquidity], actor: Any = None) -> str:
    """Replace the liquidity of the months the file covers (each month is the figure of its period)."""
    with transaction.atomic():
        for m in sorted(months):
            period_write_guard(year=year, month=m)
        by = budget_year_ensure(year)
        deleted, _ = LiquidityRecord.objects.filter(year=year, month__in=list(months)).delete()
        LiquidityRecord.objects.bulk_create(
            LiquidityRecord(
                year=year,
                month=m,
                bank_deposits=liq.bank_deposits,
                unused_credit=liq.unused_credit,
                placements=liq.placements,
            )
            for m, liq in sorted(months.items())
        )
        audit_record(actor=actor, action="imported", obj=by, changes={"liquidity": [deleted, len(months)]})
    return f"Likviditet {year}: {len(months)} måneder ({', '.join(f'{m:02d}' for m in sorted(months))})"


def _rule_values(rules: FinanceRules) -> dict[str, Any]:
    return {f: getattr(rules, f) for f in RULE_FIELDS}


def finance_rules_save(*, rules: FinanceRules, actor: Any = None) -> FinanceRules:
    """Create or change one version of the finance rules; refuses limits that contradict each other."""
    problems = rules_to_core(rules).problems()
    if problems:
        raise DomainError("; ".join(msg for _, msg in problems))
    with transaction.atomic():
        old = FinanceRules.objects.filter(pk=rules.pk).first() if rules.pk else None
        before = _rule_values(old) if old else {}
        rules.save()
        audit_record(
            actor=actor,
            action="changed" if old else "created",
            obj=rules,
            changes=audit_changes(before, _rule_values(rules)),
        )
    return rules


def finance_rules_delete(*, rules: FinanceRules, actor: Any = None) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="deleted", obj=rules, changes=audit_changes(_rule_values(rules), {}))
        rules.delete()


def finance_rules_import(*, versions: Sequence[core.FinanceRules], actor: Any = None) -> str:
    """Create or replace each version of the file by its valid-from date; other versions stay."""
    with transaction.atomic():
        for v in versions:
            rules = FinanceRules.objects.filter(valid_from=v.valid_from).first() or FinanceRules(
                valid_from=v.valid_from
            )
            rules.fixed_share_min = v.fixed_share_min
            rules.fixed_share_max = v.fixed_share_max
            rules.maturing_12m_max = v.maturing_12m_max
            rules.lender_share_max = v.lender_share_max
            rules.liquidity_min = v.liquidity_min
            rules.liquidity_min_days = v.liquidity_min_days
            rules.reference = v.reference
            finance_rules_save(rules=rules, actor=actor)
    return f"Finansreglement: {len(versions)} versjoner"


def year_figures_save(*, figures: YearFigures, actor: Any = None) -> YearFigures:
    with transaction.atomic():
        old = YearFigures.objects.filter(pk=figures.pk).first() if figures.pk else None
        fields = ("year", "inhabitants", "operating_expenditure")
        before = {f: getattr(old, f) for f in fields} if old else {}
        figures.save()
        audit_record(
            actor=actor,
            action="changed" if old else "created",
            obj=figures,
            changes=audit_changes(before, {f: getattr(figures, f) for f in fields}),
        )
    return figures


def inhabitants_import(*, years: Sequence[core.YearFigures], actor: Any = None) -> str:
    with transaction.atomic():
        for y in years:
            row = YearFigures.objects.filter(year=y.year).first() or YearFigures(year=y.year)
            row.inhabitants = y.inhabitants
            row.operating_expenditure = y.operating_expenditure
            year_figures_save(figures=row, actor=actor)
    return "Innbyggertall: " + ", ".join(f"{y.year}: {y.inhabitants}" for y in years)
