"""Writes to budget follow-up data. Each import replaces what it covers inside one transaction, so
re-importing a file is idempotent and a failure leaves the database as it was. How the ledger's
balances reach the table (PostgreSQL bulk loads and all) is budget/balance_store.py."""

from collections.abc import Sequence

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tertial.core import budget as core_budget
from tertial.core import progress
from tertial.core.comments import SectorComment as CoreSectorComment
from tertial.core.comments import UnitComment as CoreUnitComment
from tertial.core.errors import DomainError
from tertial.core.periodised import BudgetProfileLine
from tertial.core.status import CentralItem as CoreCentralItem
from tertial.importers.actuals import ActualsBatch
from tertial.renderers import numbers as nb
from tertial.web.audit.services import Actor, audit_changes, audit_record
from tertial.web.locks import months_write_guard, period_write_guard
from tertial.web.org.models import Sector
from tertial.web.org.selectors import unit_ids
from tertial.web.org.services import budget_year_ensure

from .balance_store import BALANCE_COLUMNS, balances_replace, ledger_import_lock
from .models import (
    ActualsImport,
    BudgetChange,
    BudgetChangeLine,
    BudgetLine,
    BudgetProfile,
    CentralItem,
    Forecast,
    Measure,
    SectorComment,
    UnitComment,
)


def _actor_name(actor: Actor) -> str:
    return actor.get_username() if isinstance(actor, AbstractBaseUser) else str(actor or "system")


def actuals_import(*, batch: ActualsBatch, actor: Actor = None) -> str:
    """Replace the balances of the months in the file with the file's balances."""
    ids = unit_ids(batch.year)
    id_frame = pl.DataFrame(
        {"ansvar": list(ids), "unit_id": list(ids.values())},
        schema={"ansvar": pl.String, "unit_id": pl.Int64},
    )
    rows = batch.balances.join(id_frame, on="ansvar", how="left").select(BALANCE_COLUMNS)
    if rows["unit_id"].null_count():  # the importer checked this against the same organisation
        raise DomainError("Organisasjonen endret seg under importen; prøv igjen")
    with transaction.atomic():
        ledger_import_lock()  # one ledger import at a time (PostgreSQL)
        months_write_guard(year=batch.year, months=batch.periods)
        by = budget_year_ensure(batch.year)
        progress.report("write")
        deleted = balances_replace(rows, budget_year_id=by.pk, periods=batch.periods)
        receipt = ActualsImport.objects.create(
            budget_year=by,
            source=batch.source,
            periods=list(batch.periods),
            line_count=batch.line_count,
            balance_count=rows.height,
            total=batch.total,
            imported_by=_actor_name(actor),
        )
        audit_record(
            actor=actor,
            action="imported",
            obj=receipt,
            changes={"periods": [None, list(batch.periods)], "balances_replaced": [deleted, rows.height]},
        )
        progress.report("commit")  # last chance to cancel: raising here rolls the whole import back
    months = ", ".join(f"{batch.year}{m:02d}" for m in batch.periods)
    return (
        f"Regnskap {months}: {batch.line_count} linjer → {rows.height} saldoer "
        f"(erstattet {deleted}); sum {nb.kroner_exact(batch.total)} kr"
    )


def budget_import(*, year: int, lines: Sequence[core_budget.BudgetLine], actor: Actor = None) -> str:
    """Replace the year's original budget."""
    with transaction.atomic():
        by = budget_year_ensure(year)
        ids = unit_ids(year)
        deleted, _ = BudgetLine.objects.filter(unit__budget_year=by).delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(unit_id=ids[line.ansvar], art=line.art, funksjon=line.funksjon, amount=line.amount)
            for line in lines
        )
        audit_record(actor=actor, action="imported", obj=by, changes={"budget_lines": [deleted, len(lines)]})
    return f"Budsjett {year}: {len(lines)} linjer, sum {nb.kroner_exact(sum(x.amount for x in lines))} kr"


def budget_profile_import(*, year: int, lines: Sequence[BudgetProfileLine], actor: Actor = None) -> str:
    """Replace the year's periodised budget (monthly profile per unit, optionally per account group)."""
    with transaction.atomic():
        by = budget_year_ensure(year)
        ids = unit_ids(year)
        deleted, _ = BudgetProfile.objects.filter(unit__budget_year=by).delete()
        BudgetProfile.objects.bulk_create(
            BudgetProfile(unit_id=ids[x.ansvar], group=x.group, month=x.month, amount=x.amount) for x in lines
        )
        audit_record(actor=actor, action="imported", obj=by, changes={"budget_profile": [deleted, len(lines)]})
    units = len({x.ansvar for x in lines})
    return f"Periodisert budsjett {year}: {len(lines)} linjer for {units} enheter"


def budget_changes_import(*, year: int, changes: Sequence[core_budget.BudgetChange], actor: Actor = None) -> str:
    """Add or replace the numbered budget changes in the file; others are kept."""
    with transaction.atomic():
        by = budget_year_ensure(year)
        ids = unit_ids(year)
        for ch in changes:
            row, created = BudgetChange.objects.update_or_create(
                budget_year=by, number=ch.number,
                defaults={"adopted": ch.adopted, "reference": ch.reference, "text": ch.text},
            )  # fmt: skip
            row.lines.all().delete()
            BudgetChangeLine.objects.bulk_create(
                BudgetChangeLine(change=row, unit_id=ids[x.ansvar], art=x.art, funksjon=x.funksjon, amount=x.amount)
                for x in ch.lines
            )
            audit_record(
                actor=actor,
                action="created" if created else "updated",
                obj=row,
                changes={"total": [None, ch.total], "lines": [None, len(ch.lines)]},
            )
    return f"Budsjettendringer {year}: {len(changes)} endringer ({', '.join(str(c.number) for c in changes)})"


def forecasts_import(*, year: int, period: int, forecasts: Sequence[core_budget.Forecast], actor: Actor = None) -> str:
    """Set the forecasts of the units in the file for the period (others keep theirs)."""
    with transaction.atomic():
        period_write_guard(year=year, month=period)
        budget_year_ensure(year)
        ids = unit_ids(year)
        existing = {f.unit_id: f for f in Forecast.objects.filter(unit_id__in=ids.values(), period=period)}
        changed = 0
        for fc in forecasts:
            row = existing.get(ids[fc.ansvar])
            before = {"amount": row.amount if row else None}
            if row is None:
                row = Forecast(unit_id=ids[fc.ansvar], period=period)
            row.amount, row.entered_by, row.entered_at = (
                fc.amount,
                fc.entered_by or _actor_name(actor),
                fc.entered_at,
            )
            row.save()
            if before["amount"] != fc.amount:
                changed += 1
                audit_record(
                    actor=actor,
                    action="imported",
                    obj=row,
                    changes=audit_changes(before, {"amount": fc.amount}),
                )
    return f"Prognoser {year}{period:02d}: {len(forecasts)} enheter ({changed} endret)"


def central_items_import(*, year: int, period: int, items: Sequence[CoreCentralItem], actor: Actor = None) -> str:
    """Replace the period's central items with the file's list."""
    with transaction.atomic():
        period_write_guard(year=year, month=period)
        by = budget_year_ensure(year)
        deleted, _ = CentralItem.objects.filter(budget_year=by, period=period).delete()
        CentralItem.objects.bulk_create(
            CentralItem(
                budget_year=by,
                period=period,
                category=i.category,
                text=i.text,
                deviation=i.deviation,
                line=i.line,
                sort_order=n,
            )
            for n, i in enumerate(items)
        )
        audit_record(
            actor=actor,
            action="imported",
            obj=by,
            changes={f"central_items_{period:02d}": [deleted, len(items)]},
        )
    total = sum(i.deviation for i in items)
    return f"Sentrale poster {year}{period:02d}: {len(items)} linjer, sum avvik {nb.kroner_exact(total)} kr"


def comments_import(
    *,
    year: int,
    period: int,
    units: Sequence[CoreUnitComment],
    sectors: Sequence[CoreSectorComment],
    actor: Actor = None,
) -> str:
    """Set the comments in the file for the period (unit and sector comments not in it are kept)."""
    with transaction.atomic():
        period_write_guard(year=year, month=period)
        by = budget_year_ensure(year)
        ids = unit_ids(year)
        for c in units:
            row, _ = UnitComment.objects.update_or_create(
                unit_id=ids[c.ansvar], period=period,
                defaults={"cause": c.cause, "consequence": c.consequence, "text": c.text},
            )  # fmt: skip
            row.measures.all().delete()
            Measure.objects.bulk_create(
                Measure(
                    comment=row,
                    text=m.text,
                    effect=m.effect,
                    start=m.start,
                    status=m.status or "",
                    sort_order=n,
                )
                for n, m in enumerate(c.measures)
            )
            audit_record(actor=actor, action="imported", obj=row)
        sector_rows = {s.name: s for s in Sector.objects.filter(budget_year=by)}
        for s in sectors:
            sector_comment, _ = SectorComment.objects.update_or_create(
                sector=sector_rows[s.sector], period=period, defaults={"text": s.text}
            )
            audit_record(actor=actor, action="imported", obj=sector_comment)
    return f"Kommentarer {year}{period:02d}: {len(units)} enheter, {len(sectors)} tjenesteområder"
