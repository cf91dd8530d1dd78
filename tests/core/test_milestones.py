from datetime import date

import pytest

from tertial.core.errors import DomainError
from tertial.core.milestones import (
    Milestone,
    Plan,
    milestone_overdue,
    milestone_revise,
    milestone_status,
    overdue_list,
)

COUNCIL = Milestone("Behandling i kommunestyret", date(2024, 5, 31))


def test_a_revision_keeps_the_history_the_case_comes_in_june_instead_of_may():
    june = milestone_revise(COUNCIL, new_date=date(2024, 6, 19), reason="Kapasitet")
    later = milestone_revise(june, new_date=date(2024, 9, 18), reason="Ny runde")
    assert later.original_date == date(2024, 5, 31)
    assert later.due_date == date(2024, 9, 18)
    assert [(r.previous, r.revised, r.reason) for r in later.revisions] == [
        (date(2024, 5, 31), date(2024, 6, 19), "Kapasitet"),
        (date(2024, 6, 19), date(2024, 9, 18), "Ny runde"),
    ]
    assert later.revised and not COUNCIL.revised


def test_revising_to_the_date_in_force_is_refused():
    with pytest.raises(DomainError):
        milestone_revise(COUNCIL, new_date=date(2024, 5, 31), reason="x")


def test_overdue_uses_the_revised_date_and_the_injected_today():
    june = milestone_revise(COUNCIL, new_date=date(2024, 6, 19), reason="Kapasitet")
    assert not milestone_overdue(june, date(2024, 6, 1))
    assert milestone_overdue(june, date(2024, 6, 20))
    assert milestone_status(june, date(2024, 6, 20)) == "forsinket"


def test_a_done_milestone_is_never_overdue_and_the_list_is_earliest_first():
    done = Milestone("Svar bearbeidet", date(2024, 4, 30), done_date=date(2024, 4, 29))
    early = Milestone("Styringsgruppe", date(2024, 5, 27))
    plan = Plan("Helseplattformen", (done, COUNCIL, early))
    assert [m.title for _, m in overdue_list([plan], date(2024, 7, 1))] == ["Styringsgruppe", COUNCIL.title]
