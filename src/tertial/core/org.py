"""The organisation of one budget year: responsibility units (ansvar) mapped explicitly to sectors.

The mapping is data, never derived from the code: in the demo data unit 137 "Barnehage felles" belongs to
"Oppvekst og utdanning" although the other 13x units are elsewhere. Order is the order of the
source document (sector order, then unit order within the sector).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import DomainError


@dataclass(frozen=True)
class Sector:
    code: str
    name: str
    order: int


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    sector_code: str
    order: int


@dataclass(frozen=True)
class Organisation:
    year: int
    sectors: tuple[Sector, ...]
    units: tuple[Unit, ...]
    _by_code: dict[str, Unit] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sector_codes = [s.code for s in self.sectors]
        if len(set(sector_codes)) != len(sector_codes):
            raise DomainError(f"Tjenesteområde oppgitt to ganger i {self.year}")
        by_code: dict[str, Unit] = {}
        for u in self.units:
            if u.code in by_code:
                raise DomainError(f"Ansvar {u.code} er oppgitt to ganger i {self.year}")
            if u.sector_code not in sector_codes:
                raise DomainError(f"Ansvar {u.code} peker på ukjent tjenesteområde «{u.sector_code}»")
            by_code[u.code] = u
        # Sort once here so every consumer sees the document order.
        object.__setattr__(self, "sectors", tuple(sorted(self.sectors, key=lambda s: (s.order, s.code))))
        object.__setattr__(self, "units", tuple(sorted(self.units, key=lambda u: (u.order, u.code))))
        object.__setattr__(self, "_by_code", by_code)

    def unit(self, code: str) -> Unit:
        return self._by_code[code]

    def has_unit(self, code: str) -> bool:
        return code in self._by_code

    def units_of(self, sector_code: str) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.sector_code == sector_code)

    def sector(self, code: str) -> Sector:
        return next(s for s in self.sectors if s.code == code)


def organisation_build(year: int, sectors: Iterable[Sector], units: Iterable[Unit]) -> Organisation:
    return Organisation(year=year, sectors=tuple(sectors), units=tuple(units))
