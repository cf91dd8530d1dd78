from datetime import date

from tertial.core.reminders import ReminderRule, reminder_rules_due

DEADLINE = date(2024, 4, 10)


def _due(day: int, month: int = 4, before: int = 3, after: int = 1) -> list[ReminderRule]:
    return reminder_rules_due(deadline=DEADLINE, today=date(2024, month, day), days_before=before, days_after=after)


def test_before_is_due_from_n_days_before_until_the_day_before_the_deadline():
    assert _due(6) == []
    assert [_due(d) for d in (7, 8, 9)] == [[ReminderRule.BEFORE]] * 3


def test_the_deadline_day_and_the_sector_leader_after_it():
    assert _due(10) == [ReminderRule.ON_DEADLINE]
    assert _due(11) == [ReminderRule.AFTER]
    assert _due(20) == [ReminderRule.AFTER]  # a worker that was down sends it late, once (the log decides)
    assert _due(12, after=3) == [] and _due(13, after=3) == [ReminderRule.AFTER]


def test_zero_days_before_turns_the_early_reminder_off():
    assert _due(9, before=0) == [] and _due(10, before=0) == [ReminderRule.ON_DEADLINE]
