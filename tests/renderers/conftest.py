"""A report document built from core types only (no database): a small municipality with a sector
subtotal, an overspending unit, central items, comments, charts and a signature."""

from datetime import date

import pytest

from tertial.core.checks import Mismatch
from tertial.core.comments import Measure, MeasureStatus, SectorComment, UnitComment
from tertial.core.document import Document, Signature
from tertial.core.org import Sector, Unit, organisation_build
from tertial.core.periods import Period
from tertial.core.report import status_report_build
from tertial.core.status import CentralItem, status_compute

KR = 100  # øre per krone
M = 1_000_000 * KR


def synthetic_report(*, units: int = 6, sectors: int = 2, mismatches: tuple[Mismatch, ...] = ()) -> Document:
    sector_list = [Sector(f"S{s}", f"Tjenesteområde {s + 1}", s) for s in range(sectors)]
    unit_list = [Unit(str(100 + n), f"Enhet nummer {n + 1}", f"S{n % sectors}", n) for n in range(units)]
    org = organisation_build(2024, sector_list, unit_list)
    budget = {u.code: (10 + n % 7) * M + n * 1234 * KR for n, u in enumerate(unit_list)}
    actual = {u.code: budget[u.code] * 3 // 10 + n * 999 for n, u in enumerate(unit_list)}
    forecast = {u.code: budget[u.code] + (n % 3 - 1) * 500_000 * KR for n, u in enumerate(unit_list)}
    table = status_compute(
        org, Period(2024, 3), actual=actual, budget=budget, forecast=forecast, total_name="Totalt Testvik kommune"
    )
    first = unit_list[0].code
    return status_report_build(
        municipality="Testvik kommune",
        org=org,
        table=table,
        central=[
            CentralItem("rammetilskudd", "Økt rammetilskudd", 3 * M),
            CentralItem("skatt", "Skatteinntekter", 0),
        ],
        unit_comments={
            first: UnitComment(
                ansvar=first,
                cause="Flere elever med vedtak om spesialundervisning.",
                measures=(Measure("Færre vikarer", 125_000 * KR, date(2024, 6, 1), MeasureStatus.STARTED),),
                consequence="Merforbruket øker.",
            )
        },
        sector_comments={"S0": SectorComment("S0", "Sektoren er i balanse.")},
        signature=Signature("Kari Direktør", "kommunedirektør"),
        mismatches=mismatches,
        monthly_actuals={m: sum(actual.values()) // 3 for m in (1, 2, 3)},
    )


@pytest.fixture
def report() -> Document:
    return synthetic_report()


@pytest.fixture
def forced_report() -> Document:
    return synthetic_report(mismatches=(Mismatch("Totalt", "actual", "1", "2", "sum av enhetene"),))
