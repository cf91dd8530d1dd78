"""Imports of this app for `tertial import KIND` (merged into tertial.web.imports.IMPORTERS)."""

from collections.abc import Callable

from tertial.core.errors import DomainError


def _need(value: int | None, option: str) -> int:
    if value is None:
        raise DomainError(f"Denne importen trenger {option}")
    return value


def _areas(r) -> str:
    from tertial.importers.appropriation import read_areas
    from tertial.web.org.selectors import organisation_get

    from .services import areas_import

    year = _need(r.year, "--year")
    org = organisation_get(year)
    if not org.units:
        raise DomainError(f"Organisasjonen for {year} er ikke importert ennå (tertial import org FIL --year {year})")
    return areas_import(year=year, areas=read_areas(r.path, org=org, mapping=r.mapping), actor=r.actor)


def _general_lines(r) -> str:
    from tertial.importers.appropriation import read_general_lines

    from .services import general_lines_import

    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    lines = read_general_lines(r.path, mapping=r.mapping)
    return general_lines_import(year=year, period=period, lines=lines, actor=r.actor)


IMPORTERS: dict[str, Callable] = {"areas": _areas, "general-lines": _general_lines}

# Demo files of this app, loaded by `tertial demo` after the base data: (kind, file in
# src/tertial/demo/levanger/, period or None). Year is the demo year.
DEMO_FILES: list[tuple[str, str, int | None]] = [
    ("areas", "areas_2024.csv", None),
    ("general-lines", "general_lines_202404.csv", 4),
]
