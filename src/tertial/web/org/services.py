"""Writes to the organisation: the municipality and the per-year unit → sector mapping."""

import re
from collections.abc import Sequence

from django.db import transaction

from tertial.core import org as core
from tertial.core.errors import DomainError
from tertial.core.periods import periods_parse
from tertial.web.audit.services import Actor, audit_changes, audit_record

from .models import BudgetYear, Municipality, Sector, Unit


def municipality_set(
    *,
    name: str,
    org_number: str = "",
    chief_executive_name: str = "",
    chief_executive_title: str = "",
    synthetic_periods: str | None = None,
    actor: Actor = None,
) -> Municipality:
    """Set the municipality. `synthetic_periods` ("2023, 2024-04": periods whose figures are made up,
    as in the demo) marks those periods' pages; None leaves it as it is."""
    if synthetic_periods is not None:
        periods_parse(synthetic_periods)  # refuses a malformed list before any write
    fields = ("name", "org_number", "chief_executive_name", "chief_executive_title", "synthetic_periods")
    with transaction.atomic():
        m = Municipality.objects.first() or Municipality(name=name)
        before = {f: getattr(m, f) for f in fields}
        m.name, m.org_number = name, org_number
        m.chief_executive_name = chief_executive_name
        m.chief_executive_title = chief_executive_title or "kommunedirektør"
        if synthetic_periods is not None:
            m.synthetic_periods = synthetic_periods
        after = {f: getattr(m, f) for f in before}
        created = m.pk is None
        m.save()
        if created or before != after:
            audit_record(
                actor=actor,
                action="created" if created else "updated",
                obj=m,
                changes=audit_changes(before, after),
            )
    return m


def municipality_theme_set(
    *,
    colour: str,
    logo: bytes | None = None,
    logo_type: str = "",
    font: bytes | None = None,
    font_name: str = "",
    actor: Actor = None,
) -> Municipality:
    """Set the graphic profile the web app and the documents share: the main colour (#RRGGBB or
    empty for the default), and optionally the logo (SVG or PNG bytes) and a font file with its
    family name. None leaves the logo or font as it is; b"" removes it."""
    if colour and not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise DomainError(f"Profilfargen må skrives som #RRGGBB, ikke «{colour}»")
    if logo and logo_type not in ("image/svg+xml", "image/png"):
        raise DomainError(f"Logoen må være SVG eller PNG, ikke «{logo_type or 'ukjent type'}»")
    with transaction.atomic():
        m = Municipality.objects.select_for_update().first()
        if m is None:
            raise DomainError("Kommunen er ikke satt opp ennå (tertial municipality --name …)")
        fields = ("theme_colour", "theme_logo_type", "theme_font_name")
        before = {f: getattr(m, f) for f in fields}
        m.theme_colour = colour.lower()
        if logo is not None:
            m.theme_logo, m.theme_logo_type = logo, (logo_type if logo else "")
        if font is not None:
            m.theme_font, m.theme_font_name = font, (font_name if font else "")
        m.save()
        after = {f: getattr(m, f) for f in before}
        changes = audit_changes(before, after)
        if logo is not None:
            changes["theme_logo"] = ["", f"{len(logo)} byte"]
        if font is not None:
            changes["theme_font"] = ["", f"{len(font)} byte"]
        audit_record(actor=actor, action="updated", obj=m, changes=changes)
    return m


REPORT_SIGNS = ("resultat", "utgift")
SICKLEAVE_PERCENT_ONLY = ("skjul", "vis")


def municipality_documents_set(*, report_signs: str, sickleave_percent_only: str, actor: Actor = None) -> Municipality:
    """Set how the council documents present figures: the sign of the § 5-4/§ 5-5 overviews
    («resultat»: income and a surplus positive; «utgift»: net expenditure positive) and whether
    sick leave of units known only as percentages is shown («vis») or hidden («skjul»)."""
    if report_signs not in REPORT_SIGNS:
        raise DomainError(f"Fortegn må være «resultat» eller «utgift», ikke «{report_signs}»")
    if sickleave_percent_only not in SICKLEAVE_PERCENT_ONLY:
        raise DomainError(f"Sykefravær med bare prosent må være «vis» eller «skjul», ikke «{sickleave_percent_only}»")
    with transaction.atomic():
        m = Municipality.objects.select_for_update().first()
        if m is None:
            raise DomainError("Kommunen er ikke satt opp ennå (tertial municipality --name …)")
        fields = ("report_signs", "sickleave_percent_only")
        before = {f: getattr(m, f) for f in fields}
        m.report_signs, m.sickleave_percent_only = report_signs, sickleave_percent_only
        after = {f: getattr(m, f) for f in fields}
        if before != after:
            m.save(update_fields=list(fields))
            audit_record(actor=actor, action="updated", obj=m, changes=audit_changes(before, after))
    return m


def budget_year_ensure(year: int) -> BudgetYear:
    m = Municipality.objects.first()
    if m is None:
        raise DomainError("Kommunen er ikke satt opp ennå (tertial municipality --name …)")
    by, _ = BudgetYear.objects.get_or_create(year=year, defaults={"municipality": m})
    return by


def org_import(*, year: int, sectors: Sequence[core.Sector], units: Sequence[core.Unit], actor: Actor = None) -> str:
    """Make the year's organisation equal to the file: update, add, and remove units without data.

    A unit that has actuals, budget or forecasts cannot disappear silently: the import is refused.
    """
    core.organisation_build(year, sectors, units)  # validates the mapping before any write
    with transaction.atomic():
        by = budget_year_ensure(year)
        sector_rows = {}
        for s in sectors:
            sector_row, _ = Sector.objects.update_or_create(
                budget_year=by, code=s.code, defaults={"name": s.name, "sort_order": s.order}
            )
            sector_rows[s.code] = sector_row
        existing = {u.code: u for u in Unit.objects.filter(budget_year=by)}
        added, changed = 0, 0
        for u in units:
            row = existing.pop(u.code, None)
            values = {"name": u.name, "sector": sector_rows[u.sector_code], "sort_order": u.order}
            if row is None:
                row = Unit.objects.create(budget_year=by, code=u.code, **values)
                added += 1
                audit_record(actor=actor, action="created", obj=row)
                continue
            before = {"name": row.name, "sector": row.sector.code, "sort_order": row.sort_order}
            after = {"name": u.name, "sector": u.sector_code, "sort_order": u.order}
            if before != after:
                for k, v in values.items():
                    setattr(row, k, v)
                row.save()
                changed += 1
                audit_record(actor=actor, action="updated", obj=row, changes=audit_changes(before, after))
        blocked = [
            u.code
            for u in existing.values()
            if u.balances.exists() or u.budget_lines.exists() or u.forecasts.exists() or u.comments.exists()
        ]
        if blocked:
            raise DomainError(
                f"Ansvar {', '.join(sorted(blocked))} mangler i filen, men har regnskap, budsjett eller prognoser "
                f"i {year}; organisasjonen er ikke endret"
            )
        for gone in existing.values():
            audit_record(actor=actor, action="deleted", obj=gone)
            gone.delete()
        Sector.objects.filter(budget_year=by).exclude(code__in=sector_rows).delete()
    return (
        f"Organisasjon {year}: {len(sectors)} tjenesteområder, {len(units)} ansvar "
        f"({added} nye, {changed} endret, {len(existing)} fjernet)"
    )
