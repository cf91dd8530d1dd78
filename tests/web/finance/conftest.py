from pathlib import Path

import pytest

from tertial.web.imports import ImportRequest, import_file

DEMO = Path(__file__).parents[3] / "src" / "tertial" / "demo" / "levanger"


@pytest.fixture
def portfolio(world):
    """The SYNTHETIC demo portfolio pr. 30.04.2024 with its rules, inhabitants and liquidity."""
    for kind, name, period in (
        ("finance-rules", "finance_rules.csv", None),
        ("inhabitants", "inhabitants.csv", None),
        ("loans", "loans_202404.csv", 4),
        ("liquidity", "liquidity_2024.csv", 4),
    ):
        import_file(kind, ImportRequest(path=DEMO / name, year=2024, period=period))
    return 2024
