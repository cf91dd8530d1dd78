"""Writes of the appropriation overview: the year's areas and the general lines of a period. Each
import replaces what it covers inside one transaction, so re-importing a file is idempotent."""

from collections.abc import Sequence

from django.db import transaction

from tertial.core import appropriation as core
from tertial.core.errors import DomainError
from tertial.importers.appropriation import GeneralLineFigures
from tertial.renderers import numbers as nb
from tertial.web.audit.services import Actor, audit_record
from tertial.web.org.selectors import unit_ids
from tertial.web.org.services import budget_year_ensure

from .models import Area, AreaUnit, GeneralLineFigure


def areas_import(*, year: int, areas: Sequence[core.Area], actor: Actor = None) -> str:
    """Replace the year's areas and the unit → area mapping with the file's."""
    with transaction.atomic():
        by = budget_year_ensure(year)
        ids = unit_ids(year)
        missing = sorted({c for a in areas for c in a.units} - set(ids))
        if missing:  # the importer checked this against the same organisation
            raise DomainError(
                f"Organisasjonen endret seg under importen (ukjent ansvar {', '.join(missing)}); prøv igjen"
            )
        deleted, _ = Area.objects.filter(budget_year=by).delete()
        for a in areas:
            row = Area.objects.create(budget_year=by, name=a.name, sort_order=a.order)
            AreaUnit.objects.bulk_create(AreaUnit(area=row, unit_id=ids[c]) for c in a.units)
        audit_record(
            actor=actor,
            action="imported",
            obj=by,
            changes={"areas": [None, [a.name for a in areas]], "rows_replaced": [deleted, None]},
        )
    units = sum(len(a.units) for a in areas)
    return f"Rammeområder {year}: {len(areas)} områder, {units} ansvar"


def general_lines_import(*, year: int, period: int, lines: Sequence[GeneralLineFigures], actor: Actor = None) -> str:
    """Replace the period's general lines (original budget and actuals year-to-date) with the file's."""
    with transaction.atomic():
        by = budget_year_ensure(year)
        deleted, _ = GeneralLineFigure.objects.filter(budget_year=by, period=period).delete()
        GeneralLineFigure.objects.bulk_create(
            GeneralLineFigure(budget_year=by, period=period, line=x.line, budget=x.budget, actual=x.actual)
            for x in lines
        )
        audit_record(
            actor=actor,
            action="imported",
            obj=by,
            changes={f"general_lines_{period:02d}": [deleted, len(lines)]},
        )
    budget = sum(x.budget for x in lines)
    actual = sum(x.actual for x in lines)
    return (
        f"Generelle linjer {year}{period:02d}: {len(lines)} linjer, budsjett {nb.kroner_exact(budget)} kr, "
        f"regnskap {nb.kroner_exact(actual)} kr"
    )
