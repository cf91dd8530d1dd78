"""Proposal services: balance enforced before anything is written; adoption becomes a budget change
that the status table's revised budget includes from the adoption date."""

from datetime import date

import pytest

from tertial.core import proposals as core
from tertial.core.errors import DomainError
from tertial.web.appropriations.models import GeneralLineChange
from tertial.web.audit.models import AuditEntry
from tertial.web.budget.models import BudgetChange, BudgetChangeLine
from tertial.web.budget.selectors import status_table_get
from tertial.web.proposals import services
from tertial.web.proposals.models import Proposal, ProposalLine
from tertial.web.proposals.selectors import proposals_page_get

from .conftest import BUDGET_160, MILL, YEAR

NBSP = "\u00a0"


def _row(table, code):
    return next(r for r in table.rows if r.code == code)


def test_a_balanced_proposal_is_saved_with_its_lines_and_audited(innvandrer):
    assert innvandrer.number == 1 and innvandrer.state == Proposal.State.DRAFT
    assert [(x.unit.code if x.unit else x.general_line, x.amount) for x in innvandrer.lines.all()] == [
        ("160", 16 * MILL),
        ("andre_generelle", -9 * MILL),
        ("andre_generelle", -5 * MILL),
        ("andre_generelle", -1 * MILL),
        ("rammetilskudd", -1 * MILL),
    ]
    assert AuditEntry.objects.filter(object_type="proposals.proposal", action="created").count() == 1


def test_an_unbalanced_proposal_is_refused_and_nothing_is_written(slice_2024, finance_officer):
    with pytest.raises(core.ProposalError) as exc:
        services.proposal_create(
            year=YEAR,
            period=4,
            title="Brann og redning",
            funding=core.Funding.OTHER,
            lines=[core.ProposalLine(2 * MILL, ansvar="680")],
            actor=finance_officer,
        )
    assert str(exc.value) == f"Forslaget balanserer ikke: 2{NBSP}000{NBSP}000 kr mer utgift enn finansiering"
    assert Proposal.objects.count() == 0 and ProposalLine.objects.count() == 0
    assert not AuditEntry.objects.filter(object_type="proposals.proposal").exists()


def test_an_unbalanced_update_keeps_the_saved_lines(innvandrer, finance_officer):
    with pytest.raises(core.ProposalError):
        services.proposal_update(
            proposal=innvandrer,
            title="Ny tittel",
            funding=core.Funding.EXTRA_REVENUES,
            lines=[core.ProposalLine(16 * MILL, ansvar="160"), core.ProposalLine(-15 * MILL, general_line="skatt")],
            actor=finance_officer,
        )
    innvandrer.refresh_from_db()
    assert innvandrer.title.startswith("Innvandrertjenesten") and innvandrer.lines.count() == 5


def test_adopting_creates_the_budget_change_and_the_next_status_table_has_160_raised_by_16_mill(
    innvandrer, finance_officer
):
    BudgetChange.objects.create(
        budget_year=innvandrer.budget_year, number=1, adopted=date(2024, 2, 1), reference="PS 3/24", text="Tidligere"
    )
    change = services.proposal_adopt(
        proposal=innvandrer, reference="PS 45/24", adopted_on=date(2024, 5, 23), actor=finance_officer
    )
    assert (change.number, change.reference, change.adopted, change.text) == (
        2,
        "PS 45/24",
        date(2024, 5, 23),
        "Innvandrertjenesten: budsjett etter vedtak om bosetting",
    )
    assert [(x.unit.code, x.amount) for x in change.lines.all()] == [("160", 16 * MILL)]
    assert sorted(GeneralLineChange.objects.filter(change=change).values_list("line", "amount")) == [
        ("andre_generelle", -15 * MILL),
        ("rammetilskudd", -1 * MILL),
    ]
    innvandrer.refresh_from_db()
    assert innvandrer.is_adopted and innvandrer.budget_change == change and innvandrer.adopted_reference == "PS 45/24"
    assert _row(status_table_get(year=YEAR, month=4), "160").budget == BUDGET_160
    after = _row(status_table_get(year=YEAR, month=5), "160")
    assert after.budget == BUDGET_160 + 16 * MILL
    assert after.deviation == 0  # the forecast 77 146 959 kr now equals the revised budget


def test_a_council_amendment_is_adopted_with_the_amended_amounts(innvandrer, finance_officer):
    amended = [
        core.ProposalLine(12 * MILL, ansvar="160"),
        core.ProposalLine(-12 * MILL, general_line="andre_generelle"),
    ]
    change = services.proposal_adopt(
        proposal=innvandrer, reference="PS 45/24", adopted_on=date(2024, 5, 23), lines=amended, actor=finance_officer
    )
    assert list(BudgetChangeLine.objects.filter(change=change).values_list("amount", flat=True)) == [12 * MILL]
    assert list(innvandrer.lines.values_list("amount", flat=True)) == [12 * MILL, -12 * MILL]
    assert _row(status_table_get(year=YEAR, month=5), "160").budget == BUDGET_160 + 12 * MILL


def test_an_unbalanced_amendment_is_refused_and_nothing_is_adopted(innvandrer, finance_officer):
    with pytest.raises(core.ProposalError) as exc:
        services.proposal_adopt(
            proposal=innvandrer,
            reference="PS 45/24",
            adopted_on=date(2024, 5, 23),
            lines=[core.ProposalLine(12 * MILL, ansvar="160"), core.ProposalLine(-10 * MILL, general_line="skatt")],
            actor=finance_officer,
        )
    assert "2\u00a0000\u00a0000 kr mer utgift enn finansiering" in str(exc.value)
    innvandrer.refresh_from_db()
    assert not innvandrer.is_adopted and innvandrer.lines.count() == 5
    assert BudgetChange.objects.count() == 0


def test_adopting_twice_is_refused(innvandrer, finance_officer):
    services.proposal_adopt(proposal=innvandrer, reference="PS 45/24", adopted_on=date(2024, 5, 23))
    with pytest.raises(DomainError, match=r"Forslag 1 er allerede vedtatt \(PS 45/24\)"):
        services.proposal_adopt(proposal=innvandrer, reference="PS 46/24", adopted_on=date(2024, 5, 24))
    assert BudgetChange.objects.count() == 1


def test_an_adopted_proposal_is_read_only(innvandrer, finance_officer):
    services.proposal_adopt(proposal=innvandrer, reference="PS 45/24", adopted_on=date(2024, 5, 23))
    message = r"Forslag 1 er vedtatt \(PS 45/24\) og kan ikke endres"
    with pytest.raises(DomainError, match=message):
        services.proposal_update(
            proposal=innvandrer, title="x", funding=core.Funding.OTHER, lines=list(innvandrer.lines.none())
        )
    with pytest.raises(DomainError, match=message):
        services.proposal_wording_set(proposal=innvandrer, wording="")
    with pytest.raises(DomainError, match=message):
        services.proposal_delete(proposal=innvandrer)
    assert Proposal.objects.filter(pk=innvandrer.pk).exists()


def test_an_adoption_date_outside_the_budget_year_is_refused(innvandrer):
    with pytest.raises(DomainError, match="ikke i budsjettåret 2024"):
        services.proposal_adopt(proposal=innvandrer, reference="PS 1/25", adopted_on=date(2025, 1, 20))


def test_a_wording_edit_keeps_the_generated_figures(innvandrer, finance_officer):
    services.proposal_wording_set(
        proposal=innvandrer,
        wording="Kommunestyret øker rammen for {område} med {beløp} til {ny_ramme}, dekket av {finansiering}.",
        actor=finance_officer,
    )
    [view] = proposals_page_get(year=YEAR, period=4).proposals
    assert core.plain_text(view.point).startswith(
        f"Kommunestyret øker rammen for Samfunnsutvikling med 16{NBSP}000{NBSP}000 kr til "
        f"95{NBSP}150{NBSP}150 kr, dekket av økt integreringstilskudd (9{NBSP}000{NBSP}000 kr)"
    )


def test_a_wording_with_a_typed_figure_is_refused_and_not_saved(innvandrer, finance_officer):
    with pytest.raises(core.WordingError, match="Teksten kan ikke inneholde tall"):
        services.proposal_wording_set(
            proposal=innvandrer, wording="Rammen økes med 16 mill. {beløp} {ny_ramme} {finansiering}"
        )
    innvandrer.refresh_from_db()
    assert innvandrer.wording == ""


def test_an_amendment_that_removes_a_placeholder_resets_the_wording(innvandrer, finance_officer):
    services.proposal_wording_set(
        proposal=innvandrer, wording="Rammen for {område}: {beløp}, ny {ny_ramme} ({finansiering})."
    )
    services.proposal_update(
        proposal=innvandrer,
        title=innvandrer.title,
        funding=core.Funding.CUTS,
        lines=[core.ProposalLine(MILL, ansvar="160"), core.ProposalLine(-MILL, ansvar="100")],
    )
    innvandrer.refresh_from_db()
    assert innvandrer.wording == ""


def test_the_import_replaces_drafts_but_refuses_to_replace_an_adopted_proposal(innvandrer, finance_officer):
    other = core.Proposal(
        7,
        "Brann og redning",
        core.Funding.RESERVES,
        (
            core.ProposalLine(700_000_00, ansvar="680"),
            core.ProposalLine(-700_000_00, general_line="bruk_disposisjonsfond"),
        ),
    )
    receipt = services.proposals_import(year=YEAR, period=4, proposals=[other])
    assert receipt == "Budsjettforslag 04.2024: 1 forslag importert (1 tidligere utkast erstattet)"
    assert list(Proposal.objects.values_list("number", flat=True)) == [7]
    seven = Proposal.objects.get()
    services.proposal_adopt(proposal=seven, reference="PS 50/24", adopted_on=date(2024, 6, 1))
    with pytest.raises(DomainError, match="Forslag 7 er vedtatt"):
        services.proposals_import(year=YEAR, period=4, proposals=[other])
    assert Proposal.objects.get().is_adopted


def test_the_resolution_uses_the_appropriation_areas_when_they_are_imported(innvandrer):
    from tertial.core.appropriation import Area
    from tertial.web.appropriations.services import areas_import

    areas_import(year=YEAR, areas=[Area("Felles og integrering", 0, ("100", "160")), Area("Beredskap", 1, ("680",))])
    [view] = proposals_page_get(year=YEAR, period=4).proposals
    assert core.plain_text(view.point).startswith(
        f"Rammen for Felles og integrering økes med 16{NBSP}000{NBSP}000 kr til 84{NBSP}815{NBSP}933 kr "
    )  # 7 668 974 + 61 146 959 + 16 000 000 kr
