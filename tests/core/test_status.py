from decimal import Decimal

import pytest

from tertial.core.errors import DomainError
from tertial.core.org import Sector, Unit, organisation_build
from tertial.core.periods import Period
from tertial.core.status import CentralItem, RowKind, net_result_compute, status_compute

K = 1000 * 100  # one thousand kroner in øre


@pytest.fixture
def org():
    # The mapping is explicit: 137 belongs to "Oppvekst" although 130/134 are "Felles".
    return organisation_build(
        2024,
        [Sector("F", "Fellesområder", 0), Sector("O", "Oppvekst og utdanning", 1)],
        [
            Unit("130", "Fellesområder", "F", 0),
            Unit("134", "Kirker og trossamfunn", "F", 1),
            Unit("137", "Barnehage felles", "O", 2),
            Unit("235", "Nesheim skole", "O", 3),
        ],
    )


def test_rows_come_in_document_order_with_subtotal_after_each_sector(org):
    t = status_compute(org, Period(2024, 3), actual={}, budget={}, forecast={}, total_name="Totalt")
    assert [(r.kind, r.code) for r in t.rows] == [
        (RowKind.UNIT, "130"),
        (RowKind.UNIT, "134"),
        (RowKind.SECTOR, "F"),
        (RowKind.UNIT, "137"),
        (RowKind.UNIT, "235"),
        (RowKind.SECTOR, "O"),
        (RowKind.TOTAL, ""),
    ]


def test_deviation_is_budget_minus_forecast_and_negative_means_overspend(org):
    t = status_compute(
        org,
        Period(2024, 3),
        actual={"235": 10_937 * K},
        budget={"235": 33_390 * K},
        forecast={"235": 34_090 * K},
        total_name="Totalt",
    )
    row = t.unit("235")
    assert row.deviation == -700 * K
    assert row.overspend
    assert round(row.usage_percent, 1) == Decimal("32.8")


def test_subtotal_forecast_is_the_sum_of_unit_forecasts_not_the_budget(org):
    t = status_compute(
        org,
        Period(2024, 3),
        actual={},
        budget={"137": 215_514 * K, "235": 33_390 * K},
        forecast={"137": 220_514 * K, "235": 34_090 * K},
        total_name="Totalt",
    )
    sector = t.sector("O")
    assert sector.forecast == (220_514 + 34_090) * K
    assert sector.deviation == -5_700 * K
    assert t.total.deviation == -5_700 * K


def test_subtotals_are_sums_of_unrounded_values(org):
    # 400,4 + 400,4 + 400,4 thousand: rounded rows sum to 1 200, the exact total rounds to 1 201.
    t = status_compute(
        org,
        Period(2024, 3),
        actual={"130": 40_040_000, "134": 40_040_000, "137": 40_040_000},
        budget={},
        forecast={},
        total_name="Totalt",
    )
    assert t.total.actual == 120_120_000


def test_unit_without_forecast_is_assumed_at_budget_and_marked(org):
    t = status_compute(org, Period(2024, 3), actual={}, budget={"130": 17_533 * K}, forecast={}, total_name="T")
    row = t.unit("130")
    assert row.forecast == 17_533 * K and row.deviation == 0
    assert not row.forecast_reported
    assert not t.sector("F").forecast_reported


def test_zero_budget_gives_no_percentage_and_no_crash(org):
    t = status_compute(org, Period(2024, 3), actual={"134": 189 * K}, budget={}, forecast={}, total_name="T")
    assert t.unit("134").usage_percent is None


def test_net_result_nets_central_items_against_unit_deviation(org):
    t = status_compute(
        org, Period(2024, 3), actual={}, budget={"137": 100 * K}, forecast={"137": 62_800 * K}, total_name="T"
    )
    central = [CentralItem("rammetilskudd", "Økt rammetilskudd", 3_000 * K), CentralItem("renter", "Renter", 2_000 * K)]
    net = net_result_compute(t, central)
    assert net.unit_deviation == -62_700 * K
    assert net.central_deviation == 5_000 * K
    assert net.net == -57_700 * K


def test_a_unit_in_an_unknown_sector_is_refused():
    with pytest.raises(DomainError, match="ukjent tjenesteområde"):
        organisation_build(2024, [Sector("F", "Felles", 0)], [Unit("100", "Politikk", "X", 0)])


def test_a_unit_listed_twice_is_refused():
    with pytest.raises(DomainError, match="to ganger"):
        organisation_build(2024, [Sector("F", "Felles", 0)], [Unit("100", "A", "F", 0), Unit("100", "B", "F", 1)])
