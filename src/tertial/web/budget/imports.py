"""Imports of this app for `tertial import KIND` (collected in tertial.web.imports.IMPORTERS): the
general ledger, the budget and its changes, the units' forecasts, central items and comments."""

from collections.abc import Callable

from django.db.models import Sum

from tertial.core import progress
from tertial.core.plausibility import LEDGER_BUDGET_FACTOR, ledger_plausibility
from tertial.importers import actuals as actuals_reader
from tertial.importers import records as readers
from tertial.renderers import numbers as nb
from tertial.web.import_request import ImportRequest
from tertial.web.import_request import need as _need
from tertial.web.org.models import Sector
from tertial.web.org.selectors import known_units as _known_units

from . import services
from .models import BudgetLine


def _actuals(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    batch = actuals_reader.read_actuals(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    progress.confirm(ledger_warnings(year=year, ledger_total=batch.total, months=batch.periods))
    return services.actuals_import(batch=batch, actor=r.actor)


def ledger_warnings(*, year: int, ledger_total: int, months: tuple[int, ...]) -> list[str]:
    """The plausibility warnings of a ledger (tertial.core.plausibility), in words."""
    budget_total = BudgetLine.objects.filter(unit__budget_year__year=year).aggregate(s=Sum("amount"))["s"] or 0
    found = ledger_plausibility(ledger_total=ledger_total, budget_total=budget_total, months=months)
    warnings = []
    if found.far_from_budget:
        warnings.append(
            f"Summen av regnskapsfilen ({nb.kroner(ledger_total)} kr) er mer enn {LEDGER_BUDGET_FACTOR} ganger "
            f"årets opprinnelige budsjett ({nb.kroner(budget_total)} kr). "
            "Er det riktig fil, riktig år og beløp i kroner?"
        )
    if found.months_without_lines:
        names = ", ".join(f"{year}{m:02d}" for m in found.months_without_lines)
        warnings.append(f"Filen har ingen linjer for {names}, men har linjer for måneder før og etter.")
    return warnings


def _budget(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    lines = readers.read_budget(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    return services.budget_import(year=year, lines=lines, actor=r.actor)


def _budget_profile(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    lines = readers.read_budget_profile(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    return services.budget_profile_import(year=year, lines=lines, actor=r.actor)


def _budget_changes(r: ImportRequest) -> str:
    year = _need(r.year, "--year")
    changes = readers.read_budget_changes(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    return services.budget_changes_import(year=year, changes=changes, actor=r.actor)


def _forecasts(r: ImportRequest) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    forecasts = readers.read_forecasts(r.path, year=year, known_units=_known_units(year), mapping=r.mapping)
    return services.forecasts_import(year=year, period=period, forecasts=forecasts, actor=r.actor)


def _central(r: ImportRequest) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    items = readers.read_central(r.path, year=year, mapping=r.mapping)
    return services.central_items_import(year=year, period=period, items=items, actor=r.actor)


def _comments(r: ImportRequest) -> str:
    year, period = _need(r.year, "--year"), _need(r.period, "--period")
    sectors = set(Sector.objects.filter(budget_year__year=year).values_list("name", flat=True))
    units, sector_comments = readers.read_comments(r.path, known_units=_known_units(year), known_sectors=sectors)
    return services.comments_import(year=year, period=period, units=units, sectors=sector_comments, actor=r.actor)


IMPORTERS: dict[str, Callable[[ImportRequest], str]] = {
    "actuals": _actuals,
    "budget": _budget,
    "budget-changes": _budget_changes,
    "budget-profile": _budget_profile,
    "forecasts": _forecasts,
    "central": _central,
    "comments": _comments,
}
