"""What every import is asked with, and the two checks every importer makes of it. Its own module so
that the apps' `imports.py` can use it while `tertial.web.imports` collects their IMPORTERS."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tertial.core.errors import DomainError
from tertial.core.periods import month_checked
from tertial.web.org.selectors import unit_ids

NEEDS = "Denne importen trenger {option}"  # the upload page recognises this wording (uploads/views.py)


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    year: int | None = None
    period: int | None = None
    mapping: Mapping[str, str] | None = None
    actor: object = None

    def __post_init__(self) -> None:
        if self.period is not None:  # before any importer reads the file or writes a period (issue 22)
            month_checked(self.period)


def need(value: int | None, option: str) -> int:
    """The request's --year or --period, or a clear error naming the option."""
    if value is None:
        raise DomainError(NEEDS.format(option=option))
    return value


def known_units(year: int) -> set[str]:
    """The ansvar codes of the year's organisation; an error when it is not imported yet."""
    units = set(unit_ids(year))
    if not units:
        raise DomainError(f"Organisasjonen for {year} er ikke importert ennå (tertial import org FIL --year {year})")
    return units
