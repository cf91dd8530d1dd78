"""Writes to investment data. Each import replaces what it covers inside one transaction, so a
re-import is idempotent and a failure leaves the database as it was."""

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from tertial.core import investments as core
from tertial.core.errors import DomainError
from tertial.renderers import numbers as nb
from tertial.web.audit.services import Actor, audit_record
from tertial.web.locks import months_write_guard, period_write_guard
from tertial.web.org.selectors import unit_ids
from tertial.web.org.services import budget_year_ensure

from .models import FinancingLine, FrameChange, Project, ProjectBalance, ProjectReport


def _month_in(year: int, d: date) -> int:
    """The first month of `year` a decision dated `d` applies to."""
    return d.month if d.year == year else 1


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def projects_import(*, year: int, period: int, records: Sequence[core.ProjectRecord], actor: Actor = None) -> str:
    """Add or update the projects in the file and replace what the projects report for `period`.
    Projects not in the file are kept (with what they reported for other periods)."""
    with transaction.atomic():
        period_write_guard(year=year, month=period)
        by = budget_year_ensure(year)
        units = unit_ids(year)
        existing = {p.number: p for p in Project.objects.filter(budget_year=by)}
        order = len(existing)
        projects: dict[str, Project] = {}
        for r in records:
            fields = {"name": r.name, "unit_id": units[r.ansvar], "start": r.start, "completion": r.completion}
            project = existing.get(r.number)
            if project is None:
                project = Project.objects.create(budget_year=by, number=r.number, sort_order=order, **fields)
                order += 1
            elif any(getattr(project, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(project, k, v)
                project.save()
            projects[r.number] = project
        deleted, _ = ProjectReport.objects.filter(project__budget_year=by, month=period).delete()
        ProjectReport.objects.bulk_create(
            ProjectReport(
                project=projects[r.number],
                month=period,
                budget=r.budget,
                forecast_year=r.forecast_year,
                forecast_total=r.forecast_total,
                stated_frame=r.frame,
                status=r.status.value,
                comment=r.comment,
            )
            for r in records
        )
        audit_record(
            actor=actor,
            action="imported",
            obj=by,
            changes={f"investment_reports_{period:02d}": [deleted, len(records)]},
        )
    total = sum(r.budget for r in records)
    counted = _count(len(records), "prosjekt", "prosjekter")
    return f"Investeringsprosjekter {period:02d}.{year}: {counted}, budsjett {nb.kroner_exact(total)} kr"


def frames_import(*, year: int, changes: Sequence[core.FrameChange], actor: Actor = None) -> str:
    """Replace the frame history of the projects in the file (others keep theirs)."""
    with transaction.atomic():
        by = budget_year_ensure(year)
        ids = dict(Project.objects.filter(budget_year=by).values_list("number", "id"))
        missing = sorted({c.project for c in changes} - set(ids))
        if missing:
            raise DomainError(f"Ukjente investeringsprosjekter for {year}: {', '.join(missing)}")
        numbers = {c.project for c in changes}
        replaced = FrameChange.objects.filter(project_id__in=[ids[n] for n in numbers])
        old = {
            (f.project.number, f.changed_on, f.reference, f.frame, f.text) for f in replaced.select_related("project")
        }
        new = {(c.project, c.changed_on, c.reference, c.frame, c.text) for c in changes}
        # A frame decision counts from its date on: changing one freezes like the ledger months from then.
        months_write_guard(year=year, months={_month_in(year, d) for _, d, *_ in old ^ new if d.year <= year})
        deleted, _ = replaced.delete()
        FrameChange.objects.bulk_create(
            FrameChange(
                project_id=ids[c.project], changed_on=c.changed_on, reference=c.reference, frame=c.frame, text=c.text
            )
            for c in changes
        )
        audit_record(actor=actor, action="imported", obj=by, changes={"frame_changes": [deleted, len(changes)]})
    return f"Rammeendringer {year}: {len(changes)} for {len(numbers)} prosjekter"


def actuals_import(
    *, year: int, source: str, months: Sequence[int], balances: Sequence[core.ProjectBalance], actor: Actor = None
) -> str:
    """Replace the project balances of the months in the ledger file with the file's balances."""
    with transaction.atomic():
        by = budget_year_ensure(year)
        ids = dict(Project.objects.filter(budget_year=by).values_list("number", "id"))
        months_write_guard(year=year, months=months)
        missing = sorted({b.project for b in balances} - set(ids))
        if missing:  # the importer checked against the same projects
            raise DomainError(f"Ukjente investeringsprosjekter for {year}: {', '.join(missing)}")
        deleted, _ = ProjectBalance.objects.filter(project__budget_year=by, month__in=list(months)).delete()
        ProjectBalance.objects.bulk_create(
            ProjectBalance(project_id=ids[b.project], month=b.month, art=b.art, amount=b.amount) for b in balances
        )
        audit_record(
            actor=actor,
            action="imported",
            obj=by,
            changes={"investment_months": [None, list(months)], "investment_balances": [deleted, len(balances)]},
        )
    shown = ", ".join(f"{year}{m:02d}" for m in months)
    total = sum(b.amount for b in balances)
    counted = _count(len(balances), "saldo", "saldoer")
    return f"Investeringsregnskap {shown} ({source}): {counted}, sum {nb.kroner_exact(total)} kr"


def financing_import(*, year: int, period: int, lines: Sequence[core.FinancingLine], actor: Actor = None) -> str:
    """Replace the period's imported lines of the § 5-5 overview."""
    with transaction.atomic():
        period_write_guard(year=year, month=period)
        by = budget_year_ensure(year)
        deleted, _ = FinancingLine.objects.filter(budget_year=by, month=period).delete()
        FinancingLine.objects.bulk_create(
            FinancingLine(
                budget_year=by, month=period, line=x.key, budget=x.budget, actual=x.actual, forecast=x.forecast
            )
            for x in lines
        )
        audit_record(
            actor=actor, action="imported", obj=by, changes={f"investment_lines_{period:02d}": [deleted, len(lines)]}
        )
    return f"Bevilgningsoversikt investering {period:02d}.{year}: {_count(len(lines), 'linje', 'linjer')}"
