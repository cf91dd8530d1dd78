"""When a reporting round's reminders are due (docs/notifications.md, «Påminnelser»).

Three rules per deadline, each sent at most once per (round, unit, rule, deadline):

- BEFORE: to the unit's leaders `days_before` days before the deadline (and on the days up to it,
  if the worker was not running on that day: it is sent once, the first time it is due);
- ON_DEADLINE: to the unit's leaders on the deadline day;
- AFTER: to the sector leader `days_after` days after the deadline (or later, if missed), once.

Only units that have not submitted are reminded; the caller decides that. `today` is an argument:
the scheduler passes the date of its clock, the tests a frozen one.
"""

from datetime import date, timedelta
from enum import StrEnum


class ReminderRule(StrEnum):
    BEFORE = "before"
    ON_DEADLINE = "deadline"
    AFTER = "after"
    MANUAL = "manual"  # finance's button: not scheduled, may be sent any number of times


def reminder_rules_due(*, deadline: date, today: date, days_before: int, days_after: int) -> list[ReminderRule]:
    """The scheduled rules due on `today` for a round with `deadline` (empty when none is).

    >>> reminder_rules_due(deadline=date(2024, 4, 10), today=date(2024, 4, 7), days_before=3, days_after=1)
    [<ReminderRule.BEFORE: 'before'>]
    """
    due = []
    if days_before > 0 and deadline - timedelta(days=days_before) <= today < deadline:
        due.append(ReminderRule.BEFORE)
    if today == deadline:
        due.append(ReminderRule.ON_DEADLINE)
    if today >= deadline + timedelta(days=max(days_after, 1)):
        due.append(ReminderRule.AFTER)
    return due
