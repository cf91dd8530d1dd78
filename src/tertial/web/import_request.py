"""What every import is asked with, and the check every importer makes of it (`need`; the other, that
the year's organisation is imported, is tertial.web.org.selectors.known_units). Its own module, on
the ground floor, so that every app's `imports.py` can use it while `tertial.web.imports` collects
their IMPORTERS."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AnonymousUser, User

from tertial.core.errors import DomainError
from tertial.core.periods import month_checked

# Who makes a change (an import, a save): the signed-in user, or a name ("cli", "demo", "OpenID
# Connect"); None is "system". The audit trail records it (tertial.web.audit.services.audit_record).
Actor = User | AnonymousUser | str | None

NEEDS = "Denne importen trenger {option}"


class OptionRequired(DomainError):
    """The import was asked without an option it needs (--year or --period)."""

    def __init__(self, option: str):
        self.option = option
        super().__init__(NEEDS.format(option=option))


class YearRequired(OptionRequired):
    """The import needs --year."""


class PeriodRequired(OptionRequired):
    """The import writes one month's data and needs --period (the upload page asks for it on the form)."""


_REQUIRED = {"--year": YearRequired, "--period": PeriodRequired}


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    year: int | None = None
    period: int | None = None
    mapping: Mapping[str, str] | None = None
    actor: Actor = None

    def __post_init__(self) -> None:
        if self.period is not None:  # before any importer reads the file or writes a period (issue 22)
            month_checked(self.period)


def need(value: int | None, option: str) -> int:
    """The request's --year or --period, or a clear error naming the option."""
    if value is None:
        raise _REQUIRED.get(option, OptionRequired)(option)
    return value
