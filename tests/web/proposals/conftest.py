"""A small slice of Levanger 2024 (figures from the seed's unit table and demo/levanger/budget.csv):
Fellesområder with 100, Samfunnsutvikling with 160 Innvandrertjenesten and 680 Brann og redning,
each with its revised budget and a forecast pr. 30.04; and the seed's Innvandrertjenesten proposal."""

import pytest

from tertial.core import proposals as core
from tertial.core.budget import BudgetLine, Forecast
from tertial.core.org import Sector, Unit
from tertial.web.budget.services import budget_import, forecasts_import
from tertial.web.org.services import municipality_set, org_import

MILL = 100_000_000  # øre in a million kroner
YEAR = 2024
BUDGET_160 = 6_114_695_900  # 61 146 959,00 kr


@pytest.fixture
def slice_2024(db):
    municipality_set(name="Levanger kommune", chief_executive_name="Peter Ardon")
    org_import(
        year=YEAR,
        sectors=[Sector("Fellesområder", "Fellesområder", 0), Sector("Samfunnsutvikling", "Samfunnsutvikling", 1)],
        units=[
            Unit("100", "Politiske organer", "Fellesområder", 0),
            Unit("160", "Innvandrertjenesten", "Samfunnsutvikling", 1),
            Unit("680", "Brann og redning", "Samfunnsutvikling", 2),
        ],
    )
    budget_import(
        year=YEAR,
        lines=[BudgetLine("100", 766_897_400), BudgetLine("160", BUDGET_160), BudgetLine("680", 1_800_319_100)],
    )
    for month in (4, 5):
        forecasts_import(
            year=YEAR,
            period=month,
            forecasts=[Forecast("100", 766_897_400), Forecast("160", 7_714_695_900), Forecast("680", 2_070_319_100)],
        )
    return YEAR


INNVANDRER_LINES = (
    core.ProposalLine(16 * MILL, ansvar="160"),
    core.ProposalLine(-9 * MILL, general_line="andre_generelle", text="økt integreringstilskudd"),
    core.ProposalLine(-5 * MILL, general_line="andre_generelle", text="økt tilskudd for enslige mindreårige"),
    core.ProposalLine(-1 * MILL, general_line="andre_generelle", text="økt tilskudd for bosatte over anmodning"),
    core.ProposalLine(-1 * MILL, general_line="rammetilskudd"),
)


@pytest.fixture
def innvandrer(slice_2024, finance_officer):
    from tertial.web.proposals.services import proposal_create

    return proposal_create(
        year=YEAR,
        period=4,
        title="Innvandrertjenesten: budsjett etter vedtak om bosetting",
        funding=core.Funding.EXTRA_REVENUES,
        lines=INNVANDRER_LINES,
        reason="Budsjettet er ikke justert etter vedtaket om å bosette 158 flyktninger i 2024.",
        actor=finance_officer,
    )
