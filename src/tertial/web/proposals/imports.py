"""Imports of this app for `tertial import KIND` (merged into tertial.web.imports.IMPORTERS)."""

from collections.abc import Callable

from tertial.core.errors import DomainError
from tertial.importers.proposals import read_proposals
from tertial.web.import_request import need as _need
from tertial.web.org.selectors import known_units as _known_units

from .services import proposals_import


def _proposals(r) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    if not 1 <= period <= 12:
        raise DomainError(f"--period må være en måned 1–12, ikke {period}")
    proposals = read_proposals(r.path, known_units=_known_units(year), mapping=r.mapping)
    return proposals_import(year=year, period=period, proposals=proposals, actor=r.actor)


IMPORTERS: dict[str, Callable] = {"proposals": _proposals}

# Demo files of this app, loaded by `tertial demo` after the base data: (kind, file in
# the demo data set, tertial.web.demo.demo_dir(), period or None). Year is the demo year.
DEMO_FILES: list[tuple[str, str, int | None]] = [("proposals", "proposals_202404.csv", 4)]
