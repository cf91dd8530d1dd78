"""Pure rules of the reporting round: amount parsing, workflow steps, overdue, budget profile, sorting."""

from datetime import date

import pytest

from tertial.core.errors import DomainError
from tertial.core.money import parse_kroner
from tertial.core.periods import Period
from tertial.core.rounds import (
    RoundState,
    TaskAction,
    TaskState,
    lock_check,
    task_overdue,
    task_transition,
    ytd_profile,
)
from tertial.core.status import RowKind, StatusRow, StatusTable
from tertial.core.tables import status_rows_sorted


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("34 090 000", 3_409_000_000),
        ("34090000", 3_409_000_000),
        ("-1 000,50", -100_050),
        ("\u22121\u00a0000,5", -100_050),
        ("1.000,50", 100_050),
        ("0", 0),
        ("12 kr", 1_200),
    ],
)
def test_parse_kroner_accepts_norwegian_notation(text, ore):
    assert parse_kroner(text) == ore


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1,234", "12,", "1.00", "34 mill"])
def test_parse_kroner_refuses_with_a_norwegian_message(text):
    with pytest.raises(ValueError, match=r"beløp|desimaler"):
        parse_kroner(text)


def test_submitted_task_can_be_approved_or_returned_but_not_saved():
    open_ = RoundState.OPEN
    assert task_transition(TaskState.SUBMITTED, TaskAction.APPROVE, round_state=open_) is TaskState.APPROVED
    assert task_transition(TaskState.SUBMITTED, TaskAction.RETURN, round_state=open_) is TaskState.RETURNED
    with pytest.raises(DomainError, match=r"^Du kan ikke lagre når oppgaven har status «sendt inn»\.$"):
        task_transition(TaskState.SUBMITTED, TaskAction.SAVE, round_state=open_)


def test_locked_round_refuses_every_step():
    for action in TaskAction:
        with pytest.raises(DomainError, match="låst"):
            task_transition(TaskState.DRAFT, action, round_state=RoundState.LOCKED)


def test_lock_waits_for_pending_submissions():
    lock_check([TaskState.APPROVED, TaskState.NOT_STARTED])
    with pytest.raises(DomainError, match="2 venter"):
        lock_check([TaskState.SUBMITTED, TaskState.SUBMITTED])


def test_overdue_only_after_the_deadline_and_before_submission():
    d = date(2024, 4, 10)
    assert task_overdue(TaskState.DRAFT, deadline=d, today=date(2024, 4, 11))
    assert not task_overdue(TaskState.DRAFT, deadline=d, today=d)
    assert not task_overdue(TaskState.SUBMITTED, deadline=d, today=date(2024, 5, 1))


def test_profile_is_cumulative_against_an_even_budget():
    points = ytd_profile({1: 100, 3: 50}, budget=1200, month=3)
    assert [(p.actual_ytd, p.budget_ytd) for p in points] == [(100, 100), (100, 200), (150, 300)]


def _row(kind, code, sector, forecast):
    return StatusRow(kind, code, code, sector, actual=0, budget=0, forecast=forecast)


def test_sorting_keeps_units_inside_their_sector_and_the_total_last():
    rows = (
        _row(RowKind.UNIT, "1", "A", 5),
        _row(RowKind.UNIT, "2", "A", 1),
        _row(RowKind.SECTOR, "A", "A", 6),
        _row(RowKind.UNIT, "3", "B", 9),
        _row(RowKind.SECTOR, "B", "B", 9),
        _row(RowKind.TOTAL, "", None, 15),
    )
    table = StatusTable(Period(2024, 3), rows)
    assert [r.code for r in status_rows_sorted(table, "prognose")] == ["2", "1", "A", "3", "B", ""]
    assert [r.code for r in status_rows_sorted(table, "avvik", descending=True)] == ["2", "1", "A", "3", "B", ""]
    assert status_rows_sorted(table, "nonsense") == rows
