"""Plausibility of a general-ledger file before it is written (issue 16): figures that are valid but
probably the wrong file, which the user must confirm. Pure rules over øre; the caller words them."""

from collections.abc import Collection
from dataclasses import dataclass

# A ledger whose total is more than this many times the year's budget is probably another year's, a
# wrong sign convention or a file in øre instead of kroner.
LEDGER_BUDGET_FACTOR = 3


@dataclass(frozen=True)
class LedgerPlausibility:
    far_from_budget: bool  # |ledger total| > LEDGER_BUDGET_FACTOR × |budget total| (and there is a budget)
    months_without_lines: tuple[int, ...]  # months between the file's first and last with no lines


def ledger_plausibility(*, ledger_total: int, budget_total: int, months: Collection[int]) -> LedgerPlausibility:
    far = budget_total != 0 and abs(ledger_total) > LEDGER_BUDGET_FACTOR * abs(budget_total)
    gaps: tuple[int, ...] = ()
    if months:
        gaps = tuple(m for m in range(min(months), max(months) + 1) if m not in months)
    return LedgerPlausibility(far_from_budget=far, months_without_lines=gaps)
