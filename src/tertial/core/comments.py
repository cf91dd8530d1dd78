"""Unit and sector comments in the structure the status report uses: cause of the deviation,
measures (tiltak) with expected effect, and the consequence if the measures are not carried out."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class MeasureStatus(StrEnum):
    PLANNED = "planlagt"
    STARTED = "iverksatt"
    CONSIDERED = "vurderes"
    DONE = "gjennomført"


@dataclass(frozen=True)
class Measure:
    text: str
    effect: int | None = None  # øre per year, positive = improves the result
    start: date | None = None
    status: MeasureStatus | None = None


@dataclass(frozen=True)
class UnitComment:
    ansvar: str
    cause: str = ""
    measures: tuple[Measure, ...] = ()
    consequence: str = ""
    text: str = ""

    @property
    def measures_effect(self) -> int:
        return sum(m.effect or 0 for m in self.measures)


@dataclass(frozen=True)
class SectorComment:
    sector: str
    text: str
