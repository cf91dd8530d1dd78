"""The Levanger demo world with an open round pr. 31.03.2024 (deadline 10.04.2024)."""

from datetime import date

import pytest

from tertial.web.rounds.services import round_open

YEAR, MONTH = 2024, 3


@pytest.fixture
def open_round(levanger):
    return round_open(year=YEAR, month=MONTH, deadline=date(2024, 4, 10), title="pr. 31.03.2024", actor="test")


def form_data(version: int, forecast: str = "34 090 000", **extra) -> dict:
    """A complete prognosis form post with one measure."""
    data = {
        "version": str(version),
        "forecast": forecast,
        "cause": "Flere elever med behov for spesialundervisning.",
        "consequence": "Merforbruk på 0,7 mill. kr.",
        "text": "",
        "tiltak-TOTAL_FORMS": "1",
        "tiltak-INITIAL_FORMS": "0",
        "tiltak-MIN_NUM_FORMS": "0",
        "tiltak-MAX_NUM_FORMS": "20",
        "tiltak-0-text": "Redusere vikarbruk",
        "tiltak-0-effect": "200 000",
        "tiltak-0-start": "2024-05-01",
        "tiltak-0-status": "planlagt",
    }
    data.update(extra)
    return data
