"""Imports of this app for `tertial import KIND` (collected in tertial.web.imports.IMPORTERS)."""

from collections.abc import Callable

from tertial.importers import records as readers
from tertial.web.import_request import ImportRequest
from tertial.web.import_request import need as _need

from . import services


def _org(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    sectors, units = readers.read_org(r.path, year=year, mapping=r.mapping)
    return services.org_import(year=year, sectors=sectors, units=units, actor=r.actor)


IMPORTERS: dict[str, Callable[[ImportRequest], str]] = {"org": _org}
