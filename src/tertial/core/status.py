"""The status table: per unit regnskap, budsjett inkl. endring, forbruk %, prognose and avvik,
sector subtotals and the municipal total, and the net result after central items.

Rules (source: "Status regnskap pr. 31.03.24", the unit table):
- forbruk % = regnskap / budsjett (see money.ratio_percent for negative and zero budgets);
- avvik = budsjett − prognose, so a negative avvik is merforbruk (overspend);
- subtotals and the total are sums of unrounded øre, in every column including prognose (the source
  printed the budget in the prognose column of its subtotal rows, which is wrong);
- a unit that has not reported a forecast is assumed to end at budget, and is marked as such.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .money import ratio_percent
from .org import Organisation
from .periods import Period


class RowKind(StrEnum):
    UNIT = "unit"
    SECTOR = "sector"
    TOTAL = "total"


class BudgetFigures:
    """The figures every row of budget against forecast derives the same way (øre, net expenditure):
    avvik = budsjett − prognose (negative is merforbruk), forbruk % = regnskap / budsjett."""

    actual: int
    budget: int
    forecast: int

    @property
    def deviation(self) -> int:
        return self.budget - self.forecast

    @property
    def usage_percent(self) -> Decimal | None:
        return ratio_percent(self.actual, self.budget)

    @property
    def overspend(self) -> bool:
        return self.deviation < 0


@dataclass(frozen=True)
class StatusRow(BudgetFigures):
    kind: RowKind
    code: str
    name: str
    sector_code: str | None
    actual: int
    budget: int
    forecast: int
    forecast_reported: bool = True

    @property
    def label(self) -> str:
        """The row's label as the report prints it: "<ansvar> <navn>" for a unit, "Totalt <sector>" for a subtotal."""
        if self.kind is RowKind.UNIT:
            return f"{self.code} {self.name}"
        return f"Totalt {self.name}" if self.kind is RowKind.SECTOR else self.name


@dataclass(frozen=True)
class CentralItem:
    """A line outside the units: tax, rammetilskudd, interest, repayments, expected extra revenue.

    `deviation` follows the unit sign rule (budget − forecast of net expenditure): a positive value
    improves the result, e.g. +3 000 000 kr for "Økt rammetilskudd etter oppdaterte innbyggertall".
    """

    category: str
    text: str
    deviation: int
    line: str = ""  # its line of the appropriation overview (core.appropriation.GENERAL_LINES); "" = not placed


@dataclass(frozen=True)
class NetResult:
    unit_deviation: int
    central_deviation: int

    @property
    def net(self) -> int:
        return self.unit_deviation + self.central_deviation


@dataclass(frozen=True)
class StatusTable:
    period: Period
    rows: tuple[StatusRow, ...]

    @property
    def units(self) -> tuple[StatusRow, ...]:
        return tuple(r for r in self.rows if r.kind is RowKind.UNIT)

    @property
    def sectors(self) -> tuple[StatusRow, ...]:
        return tuple(r for r in self.rows if r.kind is RowKind.SECTOR)

    @property
    def total(self) -> StatusRow:
        return next(r for r in self.rows if r.kind is RowKind.TOTAL)

    def unit(self, code: str) -> StatusRow:
        return next(r for r in self.units if r.code == code)

    def sector(self, code: str) -> StatusRow:
        return next(r for r in self.sectors if r.code == code)


def _sum_row(kind: RowKind, code: str, name: str, parts: Iterable[StatusRow]) -> StatusRow:
    parts = tuple(parts)
    return StatusRow(
        kind=kind,
        code=code,
        name=name,
        sector_code=code if kind is RowKind.SECTOR else None,
        actual=sum(p.actual for p in parts),
        budget=sum(p.budget for p in parts),
        forecast=sum(p.forecast for p in parts),
        forecast_reported=all(p.forecast_reported for p in parts),
    )


def status_compute(
    org: Organisation,
    period: Period,
    *,
    actual: Mapping[str, int],
    budget: Mapping[str, int],
    forecast: Mapping[str, int],
    total_name: str,
) -> StatusTable:
    """Build the table in document order: each sector's units, then its subtotal; the total last.

    Mappings are keyed by ansvar code and hold øre; a unit missing from `actual` or `budget` has 0.
    """
    rows: list[StatusRow] = []
    unit_rows: list[StatusRow] = []
    for sector in org.sectors:
        sector_units: list[StatusRow] = []
        for unit in org.units_of(sector.code):
            b = budget.get(unit.code, 0)
            reported = unit.code in forecast
            sector_units.append(
                StatusRow(
                    kind=RowKind.UNIT,
                    code=unit.code,
                    name=unit.name,
                    sector_code=sector.code,
                    actual=actual.get(unit.code, 0),
                    budget=b,
                    forecast=forecast[unit.code] if reported else b,
                    forecast_reported=reported,
                )
            )
        rows.extend(sector_units)
        rows.append(_sum_row(RowKind.SECTOR, sector.code, sector.name, sector_units))
        unit_rows.extend(sector_units)
    rows.append(_sum_row(RowKind.TOTAL, "", total_name, unit_rows))
    return StatusTable(period=period, rows=tuple(rows))


def net_result_compute(table: StatusTable, central: Iterable[CentralItem]) -> NetResult:
    """Unit deviation netted against central items (source: −62,7 + 20 = −42,7 mill. kr)."""
    return NetResult(
        unit_deviation=table.total.deviation,
        central_deviation=sum(c.deviation for c in central),
    )
