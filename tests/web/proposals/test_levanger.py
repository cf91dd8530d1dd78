"""The Levanger demo (SYNTHETIC proposals on the seed's figures): the draft resolution pr. 30.04.2024
and the status table after the council adopts proposal 1."""

from datetime import date

import pytest

from tertial.core.proposals import plain_text
from tertial.web.budget.selectors import status_table_get
from tertial.web.proposals.models import Proposal
from tertial.web.proposals.selectors import proposals_page_get
from tertial.web.proposals.services import proposal_adopt

NBSP = "\u00a0"


@pytest.fixture
def demo(levanger):
    return levanger


def test_the_demo_resolution_raises_samfunnsutvikling_and_adoption_reaches_the_status_table(demo):
    page = proposals_page_get(year=2024, period=4)
    first, second = (plain_text(p) for p in page.resolution.points)
    assert first.startswith(
        f"1. Rammen for Samfunnsutvikling økes med 16{NBSP}000{NBSP}000 kr til 162{NBSP}858{NBSP}156 kr "
        "(160 Innvandrertjenesten), finansiert med økt integreringstilskudd"
    )
    assert f"til 163{NBSP}558{NBSP}156 kr (680 Brann og redning)" in second
    assert page.balance == 0

    before = next(r for r in status_table_get(year=2024, month=5).rows if r.code == "160")
    assert before.budget == 6_114_695_900
    proposal_adopt(proposal=Proposal.objects.get(number=1), reference="PS 45/24", adopted_on=date(2024, 5, 23))
    after = next(r for r in status_table_get(year=2024, month=5).rows if r.code == "160")
    assert after.budget == 7_714_695_900  # 61 146 959 + 16 000 000 kr
