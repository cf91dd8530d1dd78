"""Proposals of a locked tertial are frozen as drafts (the report the council reads must not change
under it), but the council's adoption is still recorded after the lock: it is year data."""

import re
from datetime import date

import pytest

from tertial.core import proposals as core
from tertial.core.periods import Period
from tertial.web.locks import PERIOD_LOCKED, PeriodLocked
from tertial.web.proposals import services
from tertial.web.proposals.models import Proposal
from tertial.web.rounds.services import round_lock, round_open, round_publish

from .conftest import INNVANDRER_LINES, MILL, YEAR

LOCKED = re.escape(PERIOD_LOCKED.format(period=Period(YEAR, 4)))


@pytest.fixture
def locked(innvandrer):
    rnd = round_open(year=YEAR, month=4, deadline=date(2024, 5, 10), title="1. tertial 2024", actor="test")
    round_lock(rnd=rnd, actor="test")
    round_publish(rnd=rnd, actor="test")
    return Proposal.objects.get(pk=innvandrer.pk)


def test_no_new_proposal_for_a_locked_tertial(locked, finance_officer):
    with pytest.raises(PeriodLocked, match=LOCKED):
        services.proposal_create(
            year=YEAR, period=4, title="Ny", funding=core.Funding.OTHER, lines=INNVANDRER_LINES, actor=finance_officer
        )
    assert Proposal.objects.count() == 1


def test_a_draft_of_a_locked_tertial_cannot_be_edited_reworded_or_deleted(locked, finance_officer):
    with pytest.raises(PeriodLocked, match=LOCKED):
        services.proposal_update(
            proposal=locked, title="Endret", funding=core.Funding.OTHER, lines=INNVANDRER_LINES, actor=finance_officer
        )
    with pytest.raises(PeriodLocked, match=LOCKED):
        services.proposal_wording_set(proposal=locked, wording="Rammen økes med {beløp}.", actor=finance_officer)
    with pytest.raises(PeriodLocked, match=LOCKED):
        services.proposal_delete(proposal=locked, actor=finance_officer)
    locked.refresh_from_db()
    assert locked.title == "Innvandrertjenesten: budsjett etter vedtak om bosetting" and locked.wording == ""


def test_the_council_adopts_the_locked_reports_proposal(locked, finance_officer):
    change = services.proposal_adopt(
        proposal=locked, reference="PS 45/24", adopted_on=date(2024, 6, 19), actor=finance_officer
    )
    assert change.reference == "PS 45/24"
    assert sum(x.amount for x in change.lines.all()) == 16 * MILL
