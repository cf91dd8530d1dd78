"""Imports of this app for `tertial import KIND` (merged into tertial.web.imports.IMPORTERS)."""

from collections.abc import Callable

from tertial.importers.appropriation import read_areas, read_general_lines
from tertial.web.import_request import need as _need
from tertial.web.org.selectors import known_units as _known_units
from tertial.web.org.selectors import organisation_get

from .services import areas_import, general_lines_import


def _areas(r) -> str:
    year = _need(r.year, "--year")
    _known_units(year)  # refuses a year whose organisation is not imported
    org = organisation_get(year)
    return areas_import(year=year, areas=read_areas(r.path, org=org, mapping=r.mapping), actor=r.actor)


def _general_lines(r) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    lines = read_general_lines(r.path, mapping=r.mapping)
    return general_lines_import(year=year, period=period, lines=lines, actor=r.actor)


IMPORTERS: dict[str, Callable] = {"areas": _areas, "general-lines": _general_lines}

# Demo files of this app, loaded by `tertial demo` after the base data: (kind, file in
# the demo data set, tertial.web.demo.demo_dir(), period or None). Year is the demo year.
DEMO_FILES: list[tuple[str, str, int | None]] = [
    ("areas", "areas_2024.csv", None),
    ("general-lines", "general_lines_202404.csv", 4),
]
