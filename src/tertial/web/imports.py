"""File imports as services: read and validate the whole file (importers), then write it in one
transaction (app services). Used by the CLI, the demo and (later) uploads in the web app."""

from collections.abc import Callable

from tertial.importers import actuals as actuals_reader
from tertial.importers import records as readers
from tertial.web.budget import services as budget_services
from tertial.web.import_request import ImportRequest
from tertial.web.import_request import known_units as _known_units
from tertial.web.import_request import need as _need
from tertial.web.org import services as org_services
from tertial.web.org.models import Sector


def _org(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    sectors, units = readers.read_org(r.path, year=year, mapping=r.mapping)
    return org_services.org_import(year=year, sectors=sectors, units=units, actor=r.actor)


def _actuals(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    batch = actuals_reader.read_actuals(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    return budget_services.actuals_import(batch=batch, actor=r.actor)


def _budget(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    lines = readers.read_budget(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    return budget_services.budget_import(year=year, lines=lines, actor=r.actor)


def _budget_changes(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    changes = readers.read_budget_changes(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    return budget_services.budget_changes_import(year=year, changes=changes, actor=r.actor)


def _forecasts(r: ImportRequest) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    forecasts = readers.read_forecasts(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    return budget_services.forecasts_import(year=year, period=period, forecasts=forecasts, actor=r.actor)


def _central(r: ImportRequest) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    items = readers.read_central(r.path, year=year, mapping=r.mapping)
    return budget_services.central_items_import(year=year, period=period, items=items, actor=r.actor)


def _comments(r: ImportRequest) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    sectors = set(Sector.objects.filter(budget_year__year=year).values_list("name", flat=True))
    units, sector_comments = readers.read_comments(r.path, known_units=_known_units(year), known_sectors=sectors)
    return budget_services.comments_import(
        year=year, period=period, units=units, sectors=sector_comments, actor=r.actor
    )


def _decisions_text(r: ImportRequest) -> str:
    from tertial.web.decisions.services import decisions_import_text_file

    return decisions_import_text_file(path=r.path, actor=r.actor)


def _sickleave(r: ImportRequest) -> str:
    from tertial.importers.sickleave import read_sick_leave
    from tertial.web.content.services import sick_leave_import

    year = _need(r.year, "--year")
    sectors = set(Sector.objects.filter(budget_year__year=year).values_list("code", flat=True))
    records = read_sick_leave(
        r.path, year=year, known_units=_known_units(year), known_sectors=sectors, mapping=r.mapping
    )
    return sick_leave_import(year=year, records=records, actor=r.actor)


def _indicators(r: ImportRequest) -> str:
    from tertial.importers.indicators import read_indicators
    from tertial.web.content.services import indicators_import

    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    tables = read_indicators(r.path, known_units=_known_units(year), mapping=r.mapping)
    return indicators_import(year=year, month=period, tables=tables, actor=r.actor)


def _milestones(r: ImportRequest) -> str:
    from tertial.importers.milestones import read_milestones
    from tertial.web.content.services import milestones_import

    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    return milestones_import(year=year, month=period, plans=read_milestones(r.path, mapping=r.mapping), actor=r.actor)


def _sections(r: ImportRequest) -> str:
    from tertial.importers.sections import read_sections
    from tertial.web.content.services import sections_import

    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    return sections_import(year=year, month=period, sections=read_sections(r.path), actor=r.actor)


IMPORTERS: dict[str, Callable[[ImportRequest], str]] = {
    "org": _org,
    "actuals": _actuals,
    "budget": _budget,
    "budget-changes": _budget_changes,
    "forecasts": _forecasts,
    "central": _central,
    "comments": _comments,
    "decisions-text": _decisions_text,
    "sickleave": _sickleave,
    "indicators": _indicators,
    "milestones": _milestones,
    "sections": _sections,
}

TERTIAL_APPS = ("appropriations", "proposals", "investments", "finance")  # the tertial report's apps (issue 11)


def _app_importers() -> None:
    from importlib import import_module

    for app in TERTIAL_APPS:
        for kind, importer in import_module(f"tertial.web.{app}.imports").IMPORTERS.items():
            if kind in IMPORTERS:
                raise RuntimeError(f"Import «{kind}» is registered twice")
            IMPORTERS[kind] = importer


_app_importers()


def import_file(kind: str, request: ImportRequest) -> str:
    if request.year is not None and request.period is not None:
        from tertial.web.rounds.locks import period_write_guard

        # Every --period import writes period data: refuse a locked period before reading the file
        # (each service checks again inside its transaction; this covers every app's importer).
        period_write_guard(year=request.year, month=request.period)
    return IMPORTERS[kind](request)
