"""Writes to the content app. Each is one transaction: load, call core, save, audit. An import
replaces what its file covers, so re-importing is idempotent and a failure leaves the database as it was."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from tertial.core import milestones as core_ms
from tertial.core.errors import DomainError
from tertial.core.sections import Section as CoreSection
from tertial.core.sections import link_problem, section_html
from tertial.core.sickleave import Record
from tertial.importers.indicators import TableData
from tertial.web.audit.services import Actor, audit_changes, audit_record
from tertial.web.locks import months_write_guard, period_write_guard
from tertial.web.org.services import budget_year_ensure

from .models import (
    Indicator,
    IndicatorTable,
    IndicatorValue,
    Milestone,
    MilestonePlan,
    MilestoneRevision,
    Section,
    SickLeaveRecord,
)
from .selectors import milestone_to_core


def _actor_name(actor: Actor) -> str:
    if isinstance(actor, AbstractBaseUser):  # a signed-in user (AnonymousUser is not one)
        return actor.get_username()
    return str(actor) if actor else "system"


def sick_leave_import(*, year: int, records: Sequence[Record], actor: Actor = None) -> str:
    """Replace every figure of the (year, month)s the file covers."""
    covered = sorted({(r.year, r.month) for r in records})
    with transaction.atomic():
        for y in sorted({y for y, _ in covered}):
            months_write_guard(year=y, months=[m for yy, m in covered if yy == y])
        by = budget_year_ensure(year)
        deleted = 0
        for y, m in covered:
            n, _ = SickLeaveRecord.objects.filter(year=y, month=m).delete()
            deleted += n
        SickLeaveRecord.objects.bulk_create(
            SickLeaveRecord(
                year=r.year,
                month=r.month,
                level=r.level.value,
                key=r.key,
                label=r.label,
                contracted_days=r.days.contracted if r.days else None,
                self_certified_days=r.days.self_certified if r.days else None,
                short_certified_days=r.days.short_certified if r.days else None,
                long_certified_days=r.days.long_certified if r.days else None,
                given_percent=r.given_percent,
            )
            for r in records
        )
        audit_record(actor=actor, action="imported", obj=by, changes={"sick_leave": [deleted, len(records)]})
    percent_only = sum(1 for r in records if r.percent_only)
    months = ", ".join(f"{m:02d}/{y}" for y, m in covered)
    return f"Sykefravær {months}: {len(records)} tall, {percent_only} av dem kun prosent"


def indicators_import(*, year: int, month: int, tables: Sequence[TableData], actor: Actor = None) -> str:
    """Replace the period's tables that have the same keys as the file's."""
    with transaction.atomic():
        period_write_guard(year=year, month=month)
        start = IndicatorTable.objects.filter(year=year, month=month).count()
        for n, t in enumerate(tables):
            old = IndicatorTable.objects.filter(year=year, month=month, key=t.key).first()
            section = old.section if old else None
            if old:
                old.delete()
            row = IndicatorTable.objects.create(
                year=year,
                month=month,
                key=t.key,
                title=t.title,
                unit_code=t.unit_code,
                section=section,
                footnotes="\n".join(t.footnotes),
                source="; ".join(t.sources),
                sort_order=start + n if not old else old.sort_order,
            )
            for i, ind in enumerate(t.indicators):
                ind_row = Indicator.objects.create(
                    table=row,
                    code=ind.code,
                    name=ind.name,
                    measure=ind.measure.value,
                    footnote_mark=ind.footnote_mark,
                    printed_change=t.printed_changes.get(ind.code),
                    sort_order=i,
                )
                IndicatorValue.objects.bulk_create(
                    IndicatorValue(indicator=ind_row, period=v.period, value=v.value)
                    for v in t.values
                    if v.indicator == ind.code
                )
            audit_record(actor=actor, action="imported", obj=row)
    return f"Nøkkeltall {month:02d}/{year}: {len(tables)} tabeller, {sum(len(t.values) for t in tables)} verdier"


def milestones_import(*, year: int, month: int, plans: Sequence[core_ms.Plan], actor: Actor = None) -> str:
    """Replace the period's plans that have the same titles as the file's (with their history)."""
    with transaction.atomic():
        period_write_guard(year=year, month=month)
        for n, p in enumerate(plans):
            MilestonePlan.objects.filter(year=year, month=month, title=p.title).delete()
            plan = MilestonePlan.objects.create(
                year=year, month=month, title=p.title, introduction=p.introduction, sort_order=n
            )
            for i, m in enumerate(p.milestones):
                row = Milestone.objects.create(
                    plan=plan,
                    title=m.title,
                    original_date=m.original_date,
                    done_date=m.done_date,
                    responsible=m.responsible,
                    sort_order=i,
                )
                MilestoneRevision.objects.bulk_create(
                    MilestoneRevision(
                        milestone=row,
                        previous_date=r.previous,
                        revised_date=r.revised,
                        reason=r.reason,
                        decided=r.decided,
                        created_by=_actor_name(actor),
                    )
                    for r in m.revisions
                )
            audit_record(actor=actor, action="imported", obj=plan)
    count = sum(len(p.milestones) for p in plans)
    return f"Framdriftsplaner {month:02d}/{year}: {len(plans)} planer, {count} milepæler"


def milestone_revise(
    *, milestone: Milestone, new_date: date, reason: str, decided: date | None = None, actor: Actor = None
) -> MilestoneRevision:
    """Move a milestone's date; the previous date and the reason stay in the history."""
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().select_related("plan").get(pk=milestone.pk)
        period_write_guard(year=milestone.plan.year, month=milestone.plan.month)
        current = milestone_to_core(milestone)
        revised = core_ms.milestone_revise(current, new_date=new_date, reason=reason, decided=decided)
        last = revised.revisions[-1]
        rev = MilestoneRevision.objects.create(
            milestone=milestone,
            previous_date=last.previous,
            revised_date=last.revised,
            reason=last.reason,
            decided=last.decided,
            created_by=_actor_name(actor),
        )
        audit_record(
            actor=actor,
            action="revised",
            obj=milestone,
            changes={"due_date": [str(last.previous), str(last.revised)], "reason": [None, last.reason]},
        )
    return rev


def milestone_done_set(*, milestone: Milestone, done_date: date | None, actor: Actor = None) -> Milestone:
    with transaction.atomic():
        period_write_guard(year=milestone.plan.year, month=milestone.plan.month)
        before = {"done_date": milestone.done_date}
        milestone.done_date = done_date
        milestone.save(update_fields=["done_date"])
        audit_record(
            actor=actor, action="updated", obj=milestone, changes=audit_changes(before, {"done_date": done_date})
        )
    return milestone


def sections_import(*, year: int, month: int, sections: Sequence[CoreSection], actor: Actor = None) -> str:
    """Replace the period's sections with the file's, in the file's order."""
    with transaction.atomic():
        period_write_guard(year=year, month=month)
        Section.objects.filter(year=year, month=month).delete()
        for s in sections:
            row = Section.objects.create(
                year=year,
                month=month,
                title=s.title,
                html=s.html,
                sort_order=s.order,
                decision_reference=s.decision_reference,
                decision_url=s.decision_url,
                placement=s.placement,
            )
            audit_record(actor=actor, action="imported", obj=row)
    return f"Tekstseksjoner {month:02d}/{year}: {len(sections)} seksjoner"


def section_save(
    *,
    section: Section | None,
    year: int,
    month: int,
    title: str,
    html: str,
    sort_order: int,
    decision_reference: str = "",
    decision_url: str = "",
    actor: Actor = None,
) -> Section:
    """Create (section=None) or update a section; the text is sanitised here, whatever the form sent.
    DomainError (Norwegian) for a title the period already has or a link the import would refuse."""
    fields = {
        "title": title.strip(),
        "html": section_html(html=html),
        "sort_order": sort_order,
        "decision_reference": decision_reference.strip(),
        "decision_url": decision_url.strip(),
    }
    if problem := link_problem(decision_url.strip()):
        raise DomainError(f"Lenke til vedtaket: {problem}")
    duplicate = DomainError(f"Det finnes allerede en seksjon med tittelen «{fields['title']}» i denne perioden.")
    with transaction.atomic():
        period_write_guard(year=year, month=month)
        if section is not None and (section.year, section.month) != (year, month):
            period_write_guard(year=section.year, month=section.month)
        others = Section.objects.filter(year=year, month=month, title=fields["title"])
        if (others.exclude(pk=section.pk) if section is not None else others).exists():
            raise duplicate
        try:
            with transaction.atomic():  # a savepoint: another writer may take the title after the check
                if section is None:
                    section = Section.objects.create(year=year, month=month, **fields)
                    audit_record(actor=actor, action="created", obj=section)
                    return section
                before = {k: getattr(section, k) for k in fields}
                for k, v in fields.items():
                    setattr(section, k, v)
                section.save()
        except IntegrityError:
            raise duplicate from None
        audit_record(actor=actor, action="updated", obj=section, changes=audit_changes(before, fields))
    return section


def section_delete(*, section: Section, actor: Actor = None) -> None:
    with transaction.atomic():
        period_write_guard(year=section.year, month=section.month)
        audit_record(actor=actor, action="deleted", obj=section)
        section.delete()
