"""Budgets, budget changes and forecasts.

Revised budget ("budsjett inkl. endring") = original budget + every budget change adopted on or
before the period's last day. All amounts are øre, net expenditure positive (income negative).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class BudgetLine:
    ansvar: str
    amount: int
    art: str = ""
    funksjon: str = ""


@dataclass(frozen=True)
class BudgetChange:
    """A numbered change adopted by a decision ("PS 23/24"), spread over one or more ansvar."""

    number: int
    adopted: date
    reference: str
    text: str
    lines: tuple[BudgetLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


@dataclass(frozen=True)
class Forecast:
    """A unit's year-end forecast (prognose) for one reporting period, with who and when."""

    ansvar: str
    amount: int
    entered_by: str = ""
    entered_at: datetime | None = None


def revised_budget(original: Iterable[BudgetLine], changes: Iterable[BudgetChange], as_of: date) -> dict[str, int]:
    """Budget per ansvar: original plus the changes adopted on or before `as_of`."""
    total: dict[str, int] = defaultdict(int)
    for line in original:
        total[line.ansvar] += line.amount
    for change in changes:
        if change.adopted <= as_of:
            for line in change.lines:
                total[line.ansvar] += line.amount
    return dict(total)
