"""The reporting round's workflow: which step may follow which, when a task is overdue, and the
year-to-date budget profile the unit page draws its chart against.

A unit's task moves not started → draft → submitted → approved, or submitted → returned → draft
again; finance may also return an approved task while the round is open. A locked round accepts no
step at all (its figures are frozen in a snapshot). Messages are Norwegian bokmål; the web layer
translates them where it shows them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from .errors import DomainError
from .money import ratio_percent
from .periodised import spread
from .projection import DriftThreshold, explanation_required
from .status import BudgetFigures


class TaskState(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class TaskAction(StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"


class RoundState(StrEnum):
    OPEN = "open"
    LOCKED = "locked"


# (action, from-state) → to-state. Anything not listed is refused.
TRANSITIONS: dict[tuple[TaskAction, TaskState], TaskState] = {
    (TaskAction.SAVE, TaskState.NOT_STARTED): TaskState.DRAFT,
    (TaskAction.SAVE, TaskState.DRAFT): TaskState.DRAFT,
    (TaskAction.SAVE, TaskState.RETURNED): TaskState.DRAFT,
    (TaskAction.SUBMIT, TaskState.DRAFT): TaskState.SUBMITTED,
    (TaskAction.SUBMIT, TaskState.RETURNED): TaskState.SUBMITTED,
    (TaskAction.RETURN, TaskState.SUBMITTED): TaskState.RETURNED,
    (TaskAction.RETURN, TaskState.APPROVED): TaskState.RETURNED,
    (TaskAction.APPROVE, TaskState.SUBMITTED): TaskState.APPROVED,
}

ROUND_LOCKED = "Runden er låst; tallene og tekstene kan ikke endres."
TRANSITION_REFUSED = "Du kan ikke {action} når oppgaven har status «{state}»."
# The words of the refusal above: a refusal is read by a person, never shows an enum's English value.
ACTION_WORDS_NB = {
    TaskAction.SAVE: "lagre",
    TaskAction.SUBMIT: "sende inn",
    TaskAction.RETURN: "returnere",
    TaskAction.APPROVE: "godkjenne",
}
STATE_WORDS_NB = {
    TaskState.NOT_STARTED: "ikke påbegynt",
    TaskState.DRAFT: "utkast",
    TaskState.SUBMITTED: "sendt inn",
    TaskState.RETURNED: "returnert",
    TaskState.APPROVED: "godkjent",
}
LOCK_REFUSED_PENDING = "Runden kan ikke låses før alle innsendte prognoser er godkjent eller returnert ({n} venter)."
SUBMIT_NEEDS_FORECAST = "Legg inn prognose før du sender inn."
PUBLISH_NEEDS_LOCK = "Bare en låst runde kan publiseres."
SUBMIT_NEEDS_EXPLANATION = (
    "Prognosen er endret med {change} kr siden forrige rapportering ({previous}); "
    "forklar endringen i feltet Årsak før du sender inn."
)
SUBMIT_NEEDS_EXPLANATION_BUDGET = (
    "Prognosen avviker med {change} kr fra budsjettet ({budget} kr) i årets første rapportering; "
    "forklar avviket i feltet Årsak før du sender inn."
)
# The explanation rule as the /prognoser page and every refusal print it (one text per set of limits).
EXPLANATION_RULE_BOTH = (
    "Regel: en prognose som er endret med mer enn {amount} kr eller mer enn {percent} av budsjettet siden "
    "forrige rapportering (i årets første rapportering: avviker så mye fra budsjettet), må forklares i "
    "feltet Årsak før den kan sendes inn."
)
EXPLANATION_RULE_AMOUNT = (
    "Regel: en prognose som er endret med mer enn {amount} kr siden forrige rapportering (i årets første "
    "rapportering: avviker så mye fra budsjettet), må forklares i feltet Årsak før den kan sendes inn."
)
EXPLANATION_RULE_PERCENT = (
    "Regel: en prognose som er endret med mer enn {percent} av budsjettet siden forrige rapportering (i "
    "årets første rapportering: avviker så mye fra budsjettet), må forklares i feltet Årsak før den kan "
    "sendes inn."
)
STALE_EDIT = (
    "Enheten ble endret av {who} etter at du åpnet siden. Endringene dine er ikke lagret: "
    "last siden på nytt, se hva som er endret, og legg inn dine endringer igjen."
)


class StaleEdit(DomainError):
    """A save based on an older version of the task than the one stored (optimistic locking)."""


def task_transition(state: TaskState, action: TaskAction, *, round_state: RoundState) -> TaskState:
    """The state after `action`, or DomainError with the reason it is refused."""
    if round_state is RoundState.LOCKED:
        raise DomainError(ROUND_LOCKED)
    new = TRANSITIONS.get((action, state))
    if new is None:
        raise DomainError(TRANSITION_REFUSED.format(action=ACTION_WORDS_NB[action], state=STATE_WORDS_NB[state]))
    return new


def _same(text: str) -> str:
    return text


def explanation_rule_text(
    threshold: DriftThreshold,
    *,
    format_kroner: Callable[[int], str],
    format_percent: Callable[[Decimal], str],
    translate: Callable[[str], str] = _same,
) -> str:
    """The explanation rule in words, from the same threshold the check uses ("" when both limits are
    off). `translate` lets the web show it in the reader's language; refusals use the bokmål text."""
    amount, pct = threshold.amount, threshold.percent_of_budget
    if amount is not None and pct is not None:
        return translate(EXPLANATION_RULE_BOTH).format(amount=format_kroner(amount), percent=format_percent(pct))
    if amount is not None:
        return translate(EXPLANATION_RULE_AMOUNT).format(amount=format_kroner(amount))
    if pct is not None:
        return translate(EXPLANATION_RULE_PERCENT).format(percent=format_percent(pct))
    return ""


def explanation_change(*, forecast: int, previous: int | None, budget: int) -> int:
    """The change the rule measures: since the previous report of the year, or from the budget in the
    year's first report (øre)."""
    return forecast - (budget if previous is None else previous)


def explanation_check(
    *,
    forecast: int,
    previous: int | None,
    previous_label: str,
    budget: int,
    cause: str,
    threshold: DriftThreshold,
    format_kroner: Callable[[int], str],
    format_percent: Callable[[Decimal], str],
) -> None:
    """The explanation rule, checked on every submission: a forecast (øre) that moved more than the
    threshold (amount or % of the budget) since the previous report of the year — or, in the year's
    first report, away from the budget — needs a cause. DomainError naming the change and the rule."""
    if cause.strip():
        return
    change = explanation_change(forecast=forecast, previous=previous, budget=budget)
    if not explanation_required(change, budget, threshold):
        return
    rule = explanation_rule_text(threshold, format_kroner=format_kroner, format_percent=format_percent)
    if previous is None:
        why = SUBMIT_NEEDS_EXPLANATION_BUDGET.format(change=format_kroner(change), budget=format_kroner(budget))
    else:
        why = SUBMIT_NEEDS_EXPLANATION.format(change=format_kroner(change), previous=previous_label)
    raise DomainError(f"{why} {rule}")


@dataclass(frozen=True)
class ForecastPreview(BudgetFigures):
    """The figures the forecast form shows as the leader types (øre): avvik = budsjett − prognose,
    forbruk hittil = regnskap / budsjett, the forecast as % of the budget, and whether the explanation
    rule asks for a cause (`change` is what the rule measures)."""

    actual: int
    budget: int
    forecast: int
    change: int
    needs_cause: bool

    @property
    def forecast_percent(self) -> Decimal | None:
        return ratio_percent(self.forecast, self.budget)


def forecast_preview(
    *, forecast: int, actual: int, budget: int, previous: int | None, threshold: DriftThreshold
) -> ForecastPreview:
    change = explanation_change(forecast=forecast, previous=previous, budget=budget)
    return ForecastPreview(
        actual=actual,
        budget=budget,
        forecast=forecast,
        change=change,
        needs_cause=explanation_required(change, budget, threshold),
    )


def lock_check(states: list[TaskState]) -> None:
    """A round may be locked when no submission is waiting for finance's decision."""
    pending = sum(1 for s in states if s is TaskState.SUBMITTED)
    if pending:
        raise DomainError(LOCK_REFUSED_PENDING.format(n=pending))


def task_overdue(state: TaskState, *, deadline: date, today: date) -> bool:
    """Past the deadline and not yet handed in (submitted or approved tasks are never overdue)."""
    return today > deadline and state not in (TaskState.SUBMITTED, TaskState.APPROVED)


@dataclass(frozen=True)
class ProfilePoint:
    month: int
    actual: int  # øre, this month
    actual_ytd: int  # øre, January to this month
    budget_ytd: int  # øre, the periodised budget (or even twelfths) to this month


def ytd_profile(
    monthly: dict[int, int], *, budget: int, month: int, periodised: Sequence[int] | None = None
) -> tuple[ProfilePoint, ...]:
    """Year-to-date actuals against the periodised budget, January to `month`.

    `periodised` is the unit's budget per month (core.periodised: imported, or derived from earlier
    years' actuals); it is re-spread to `budget` when it sums to another amount (a locked round's
    budget). Without it the profile is even twelfths, the integer division keeping it in whole øre
    (the remainder falls in December).
    """
    if periodised is not None and sum(periodised, 0):
        total = sum(periodised, 0)
        months = tuple(periodised) if total == budget else spread(budget, [Fraction(v, total) for v in periodised])
        if all(Fraction(v, total) >= 0 for v in periodised):
            points = []
            running = budget_run = 0
            for m in range(1, month + 1):
                running += monthly.get(m, 0)
                budget_run += months[m - 1]
                points.append(ProfilePoint(m, monthly.get(m, 0), running, budget_run))
            return tuple(points)
    points = []
    running = 0
    for m in range(1, month + 1):
        running += monthly.get(m, 0)
        points.append(ProfilePoint(m, monthly.get(m, 0), running, budget * m // 12))
    return tuple(points)
