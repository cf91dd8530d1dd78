from datetime import date
from decimal import Decimal as D

import pytest

from tertial.core.errors import DomainError
from tertial.web.audit.models import AuditEntry
from tertial.web.content import selectors, services
from tertial.web.content.models import Milestone, MilestonePlan, SickLeaveRecord


@pytest.fixture
def plan(world):
    p = MilestonePlan.objects.create(year=2024, month=3, title="Helseplattformen")
    return Milestone.objects.create(plan=p, title="Behandling i kommunestyret", original_date=date(2024, 5, 31))


def test_revising_a_milestone_keeps_every_earlier_date_and_is_audited(plan):
    services.milestone_revise(milestone=plan, new_date=date(2024, 6, 19), reason="Kapasitet", actor="okonomi")
    services.milestone_revise(milestone=plan, new_date=date(2024, 9, 18), reason="Ny runde", actor="okonomi")
    core = selectors.milestone_to_core(Milestone.objects.get(pk=plan.pk))
    assert [(r.previous, r.revised) for r in core.revisions] == [
        (date(2024, 5, 31), date(2024, 6, 19)),
        (date(2024, 6, 19), date(2024, 9, 18)),
    ]
    assert core.due_date == date(2024, 9, 18) and core.original_date == date(2024, 5, 31)
    entries = AuditEntry.objects.filter(object_type="content.milestone", object_id=str(plan.pk))
    assert entries.filter(action="revised").count() == 2


def test_revising_to_the_same_date_is_refused_and_writes_nothing(plan):
    with pytest.raises(DomainError):
        services.milestone_revise(milestone=plan, new_date=date(2024, 5, 31), reason="x")
    assert not plan.revisions.exists()


def test_overdue_milestones_surface_for_the_dashboard(plan):
    assert selectors.overdue_milestones(date(2024, 6, 1))[0][1].title == plan.title
    services.milestone_done_set(milestone=plan, done_date=date(2024, 5, 30))
    assert selectors.overdue_milestones(date(2024, 6, 1)) == []


def test_a_section_saved_from_the_form_is_sanitised(world):
    s = services.section_save(
        section=None, year=2024, month=3, title="Heltid", html="<p>Hei</p><script>alert(1)</script>", sort_order=1
    )
    assert s.html == "<p>Hei</p>"


def test_sick_leave_totals_are_weighted_from_the_database(world):
    for code, contracted, lost in (("137", 100, 20), ("235", 900, 45)):
        SickLeaveRecord.objects.create(
            year=2024,
            month=1,
            level="enhet",
            key=code,
            contracted_days=contracted,
            self_certified_days=0,
            short_certified_days=0,
            long_certified_days=lost,
        )
    view = selectors.sick_leave_get(year=2024, month=1)
    sector = next(r for r in view.table.rows if r.key == "OPPV")
    assert sector.cells[0].percent == D("6.5")
