"""Imports of this app for `tertial import KIND` (collected in tertial.web.imports.IMPORTERS): sick
leave, indicator tables, milestone plans and text sections."""

from collections.abc import Callable

from tertial.importers.indicators import read_indicators
from tertial.importers.milestones import read_milestones
from tertial.importers.sections import read_sections
from tertial.importers.sickleave import read_sick_leave
from tertial.web.import_request import ImportRequest
from tertial.web.import_request import need as _need
from tertial.web.org.models import Sector
from tertial.web.org.selectors import known_units as _known_units

from . import services


def _sickleave(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    sectors = set(Sector.objects.filter(budget_year__year=year).values_list("code", flat=True))
    records = read_sick_leave(
        r.path, year=year, known_units=_known_units(year), known_sectors=sectors, mapping=r.mapping
    )
    return services.sick_leave_import(year=year, records=records, actor=r.actor)


def _indicators(r: ImportRequest) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    tables = read_indicators(r.path, known_units=_known_units(year), mapping=r.mapping)
    return services.indicators_import(year=year, month=period, tables=tables, actor=r.actor)


def _milestones(r: ImportRequest) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    plans = read_milestones(r.path, mapping=r.mapping)
    return services.milestones_import(year=year, month=period, plans=plans, actor=r.actor)


def _sections(r: ImportRequest) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    return services.sections_import(year=year, month=period, sections=read_sections(r.path), actor=r.actor)


IMPORTERS: dict[str, Callable[[ImportRequest], str]] = {
    "sickleave": _sickleave,
    "indicators": _indicators,
    "milestones": _milestones,
    "sections": _sections,
}
