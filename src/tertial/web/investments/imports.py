"""Imports of this app for `tertial import KIND` (merged into tertial.web.imports.IMPORTERS)."""

from collections.abc import Callable

from tertial.core.errors import DomainError
from tertial.importers import investments as readers
from tertial.importers.actuals import read_actuals
from tertial.web.import_request import need as _need
from tertial.web.org.selectors import known_units as _known_units

from . import services
from .selectors import project_numbers


def _known_projects(year: int) -> set[str]:
    numbers = project_numbers(year)
    if not numbers:
        raise DomainError(
            f"Ingen investeringsprosjekter for {year} ennå (tertial import investment-projects FIL --year {year})"
        )
    return numbers


def _projects(r) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    records = readers.read_projects(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    return services.projects_import(year=year, period=period, records=records, actor=r.actor)


def _frames(r) -> str:
    year = _need(r.year, "--year")
    changes = readers.read_frames(r.path, known_projects=_known_projects(year), mapping=r.mapping)
    return services.frames_import(year=year, changes=changes, actor=r.actor)


def _actuals(r) -> str:
    """The investment ledger, read by the same reader as the operating ledger."""
    year = _need(r.year, "--year")
    known = _known_projects(year)
    batch = read_actuals(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    balances = readers.project_balances(batch, known_projects=known)
    return services.actuals_import(
        year=year, source=batch.source, months=batch.periods, balances=balances, actor=r.actor
    )


def _financing(r) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    lines = readers.read_financing(r.path, mapping=r.mapping)
    return services.financing_import(year=year, period=period, lines=lines, actor=r.actor)


IMPORTERS: dict[str, Callable] = {
    "investment-projects": _projects,
    "investment-frames": _frames,
    "investment-actuals": _actuals,
    "investment-financing": _financing,
}

# Demo files of this app, loaded by `tertial demo` after the base data: (kind, file in
# the demo data set, tertial.web.demo.demo_dir(), period or None). Year is the demo year.
# SYNTHETIC (see the demo's README.md).
DEMO_FILES: list[tuple[str, str, int | None]] = [
    ("investment-projects", "investment_projects_202404.csv", 4),
    ("investment-frames", "investment_frames.csv", None),
    ("investment-actuals", "investment_actuals_2024.csv", None),
    ("investment-financing", "investment_financing_202404.csv", 4),
]
