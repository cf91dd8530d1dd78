"""Milestone plans (framdriftsplaner): dated milestones with original, revised and done dates.

A revision never overwrites: each change of date is kept as a `Revision` with its reason, so the
report can say "the case comes in June instead of May" (seed: «Revidert framdriftsplan ny sak om
Helseplattformen»). A milestone is overdue when it is not done and its current due date is before
`today`, which is always passed in, never read from the clock.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from .document import Block, Heading, ItemList, Paragraph
from .errors import DomainError

REVISION_NOT_LATER = "Ny dato må være en annen enn gjeldende dato"


@dataclass(frozen=True)
class Revision:
    previous: date
    revised: date
    reason: str
    decided: date | None = None


@dataclass(frozen=True)
class Milestone:
    title: str
    original_date: date
    responsible: str = ""
    done_date: date | None = None
    revisions: tuple[Revision, ...] = ()

    @property
    def due_date(self) -> date:
        """The date now in force: the latest revision's, else the original."""
        return self.revisions[-1].revised if self.revisions else self.original_date

    @property
    def revised(self) -> bool:
        return self.due_date != self.original_date

    @property
    def done(self) -> bool:
        return self.done_date is not None


@dataclass(frozen=True)
class Plan:
    title: str
    milestones: tuple[Milestone, ...]
    introduction: str = ""


def milestone_revise(m: Milestone, *, new_date: date, reason: str, decided: date | None = None) -> Milestone:
    """A new milestone value with the revision appended; history is kept, never replaced."""
    if new_date == m.due_date:
        raise DomainError(REVISION_NOT_LATER)
    return replace(m, revisions=(*m.revisions, Revision(m.due_date, new_date, reason.strip(), decided)))


def milestone_overdue(m: Milestone, today: date) -> bool:
    return not m.done and m.due_date < today


def overdue_list(plans: Sequence[Plan], today: date) -> list[tuple[Plan, Milestone]]:
    """Every overdue milestone, earliest due date first."""
    found = [(p, m) for p in plans for m in p.milestones if milestone_overdue(m, today)]
    return sorted(found, key=lambda pm: pm[1].due_date)


def milestone_status(m: Milestone, today: date) -> str:
    """A short Norwegian status word for the table."""
    if m.done:
        return "utført"
    if milestone_overdue(m, today):
        return "forsinket"
    return "planlagt"


def _d(d: date) -> str:
    return f"{d:%d.%m.%Y}"


def plan_blocks(plan: Plan, today: date) -> list[Block]:
    """A plan in the report: heading, introduction, one item per milestone with its date in force and,
    if moved, the dates it replaced and why; overdue milestones say so (as of `today`)."""
    blocks: list[Block] = [Heading(plan.title, 2)]
    if plan.introduction:
        blocks.append(Paragraph((plan.introduction,)))
    items = []
    for m in plan.milestones:
        text = f"{m.title}: {_d(m.due_date)}"
        if m.revisions:
            moved = "; ".join(
                f"flyttet fra {_d(r.previous)}" + (f" ({r.reason})" if r.reason else "") for r in m.revisions
            )
            text += f" ({moved})"
        if m.done_date:
            text += f" – utført {_d(m.done_date)}"
        elif milestone_overdue(m, today):
            text += f" – forsinket pr. {_d(today)}"
        if m.responsible:
            text += f". Ansvarlig: {m.responsible}"
        items.append((text,))
    if items:
        blocks.append(ItemList(tuple(items)))
    return blocks
