"""File imports as services: read and validate the whole file (importers), then write it in one
transaction (app services). Used by the CLI, the demo and the upload page.

Each app keeps its importers in its own `imports.py` (an IMPORTERS table: kind → function taking an
ImportRequest); this module only collects them into one table, in the order the CLI lists them."""

from collections.abc import Callable, Mapping

from tertial.web.appropriations import imports as appropriations_imports
from tertial.web.budget import imports as budget_imports
from tertial.web.content import imports as content_imports
from tertial.web.decisions import imports as decisions_imports
from tertial.web.finance import imports as finance_imports
from tertial.web.import_request import ImportRequest
from tertial.web.investments import imports as investments_imports
from tertial.web.locks import period_write_guard
from tertial.web.org import imports as org_imports
from tertial.web.proposals import imports as proposals_imports

__all__ = ["IMPORTERS", "TERTIAL_IMPORTS", "ImportRequest", "import_file"]

# The tertial report's apps (issue 11), in the report's order; each also names its DEMO_FILES.
TERTIAL_IMPORTS = (appropriations_imports, proposals_imports, investments_imports, finance_imports)


def _merged(*tables: Mapping[str, Callable[[ImportRequest], str]]) -> dict[str, Callable[[ImportRequest], str]]:
    out: dict[str, Callable[[ImportRequest], str]] = {}
    for table in tables:
        for kind, importer in table.items():
            if kind in out:
                raise RuntimeError(f"Import «{kind}» is registered twice")
            out[kind] = importer
    return out


IMPORTERS: dict[str, Callable[[ImportRequest], str]] = _merged(
    org_imports.IMPORTERS,
    budget_imports.IMPORTERS,
    decisions_imports.IMPORTERS,
    content_imports.IMPORTERS,
    *(m.IMPORTERS for m in TERTIAL_IMPORTS),
)


def import_file(kind: str, request: ImportRequest) -> str:
    if request.year is not None and request.period is not None:
        # Every --period import writes period data: refuse a locked period before reading the file
        # (each service checks again inside its transaction; this covers every app's importer).
        period_write_guard(year=request.year, month=request.period)
    return IMPORTERS[kind](request)
