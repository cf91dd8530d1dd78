"""Periodised budgets (issue 20): a unit's annual budget spread over the months, either as imported
(a monthly budget profile per unit, optionally per account group) or derived from the unit's own
earlier years' actuals; «forbruk mot periodisert budsjett» instead of even twelfths.

Pure Python; amounts are integer øre. Every monthly budget sums exactly to the annual budget it
spreads (largest remainder), so a total of the months equals the table's budget to the øre.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

PROFILE_IMPORTED = "importert"
PROFILE_DERIVED = "fra tidligere års regnskap"
PROFILE_EVEN = "likt fordelt (tolvdeler)"


@dataclass(frozen=True)
class BudgetProfileLine:
    """One imported row: unit `ansvar`, month 1–12, amount (øre), optionally an account group."""

    ansvar: str
    month: int
    amount: int
    group: str = ""


@dataclass(frozen=True)
class MonthlyBudget:
    months: tuple[int, ...]  # 12 amounts, øre, summing to the annual budget
    source: str  # PROFILE_IMPORTED | PROFILE_DERIVED | PROFILE_EVEN

    def to_month(self, month: int) -> int:
        """The periodised budget from January to `month`, øre."""
        return sum(self.months[:month])


def spread(total: int, weights: Sequence[int | Fraction]) -> tuple[int, ...]:
    """`total` øre over the months in proportion to `weights` (any sign of total; weights ≥ 0 with a
    positive sum), whole øre, summing exactly to `total` (largest remainder, earliest month first)."""
    wsum = sum(weights, Fraction(0))
    exact = [Fraction(total) * w / wsum for w in weights]
    base = [int(x) if x >= 0 else -int(-x) for x in exact]  # towards zero
    rest = total - sum(base)
    step = 1 if rest > 0 else -1
    order = sorted(range(len(exact)), key=lambda i: (-abs(exact[i] - base[i]), i))
    for i in order[: abs(rest)]:
        base[i] += step
    return tuple(base)


def even(total: int) -> MonthlyBudget:
    return MonthlyBudget(spread(total, [1] * 12), PROFILE_EVEN)


def derived(total: int, earlier: Iterable[Sequence[int]], min_share: Fraction = Fraction(1, 2)) -> MonthlyBudget:
    """Spread `total` like the unit's earlier years' actuals (months summed over the years, ratio of
    sums). Falls back to twelfths when there are none, when a month is negative against the year's
    sign (mixed income and costs), or when the net year is small against its gross (a net-budget
    unit: its shares would be ratios of near-zero numbers)."""
    sums = [0] * 12
    gross = 0
    for months in earlier:
        for i, v in enumerate(list(months)[:12]):
            sums[i] += v
            gross += abs(v)
    net = sum(sums)
    if not net or abs(net) < min_share * gross:
        return even(total)
    weights = [Fraction(v, net) for v in sums]
    if any(w < 0 for w in weights):
        return even(total)
    return MonthlyBudget(spread(total, weights), PROFILE_DERIVED)


def imported(total: int, lines: Iterable[BudgetProfileLine]) -> MonthlyBudget | None:
    """The imported profile of one unit scaled to `total` (the revised budget: a budget change moves
    the months in proportion); None when the profile sums to zero or has a month against its sign."""
    months = [0] * 12
    for line in lines:
        months[line.month - 1] += line.amount
    net = sum(months)
    if not net or any(Fraction(v, net) < 0 for v in months):
        return None
    if net == total:
        return MonthlyBudget(tuple(months), PROFILE_IMPORTED)
    return MonthlyBudget(spread(total, [Fraction(v, net) for v in months]), PROFILE_IMPORTED)


def monthly_budgets(
    *,
    budget: Mapping[str, int],
    profile_lines: Iterable[BudgetProfileLine] = (),
    earlier: Mapping[str, Sequence[Sequence[int]]] | None = None,
) -> dict[str, MonthlyBudget]:
    """Each unit's periodised budget: the imported profile where there is one, else derived from its
    earlier years' monthly actuals (`earlier`: unit → list of 12-month series), else twelfths."""
    by_unit: dict[str, list[BudgetProfileLine]] = {}
    for line in profile_lines:
        by_unit.setdefault(line.ansvar, []).append(line)
    out = {}
    for unit, total in budget.items():
        got = imported(total, by_unit[unit]) if unit in by_unit else None
        if got is None:
            got = derived(total, (earlier or {}).get(unit, ()))
        out[unit] = got
    return out
