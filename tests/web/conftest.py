"""A small world for database tests: a municipality, two sectors, three units, built with the
same services the importers use."""

import pytest

from tertial.core.org import Sector, Unit
from tertial.web.org.services import municipality_set, org_import


@pytest.fixture
def world(db):
    municipality_set(name="Testvik kommune", org_number="999999999", chief_executive_name="Kari Direktør")
    org_import(
        year=2024,
        sectors=[Sector("FELLES", "Fellesområder", 0), Sector("OPPV", "Oppvekst og utdanning", 1)],
        units=[
            Unit("130", "Fellesområder", "FELLES", 0),
            Unit("137", "Barnehage felles", "OPPV", 1),
            Unit("235", "Nesheim skole", "OPPV", 2),
        ],
    )
    return 2024
