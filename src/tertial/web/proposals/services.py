"""Writes to proposed budget changes: one function per action, each in one transaction with an audit
entry. An unbalanced proposal is refused before anything is saved; an adopted one is read-only."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Max

from tertial.core import proposals as core
from tertial.core.errors import DomainError
from tertial.web.appropriations.models import GeneralLineChange
from tertial.web.audit.services import Actor, audit_record
from tertial.web.budget.models import BudgetChange, BudgetChangeLine
from tertial.web.locks import period_write_guard
from tertial.web.org.selectors import unit_ids
from tertial.web.org.services import budget_year_ensure

from .models import Proposal, ProposalLine
from .selectors import proposal_to_core, resolution_context

ADOPTED_READ_ONLY = "Forslag {number} er vedtatt ({reference}) og kan ikke endres."
ALREADY_ADOPTED = "Forslag {number} er allerede vedtatt ({reference})."
NUMBER_TAKEN = "Det finnes allerede et forslag nr. {number} for denne perioden."
WRONG_YEAR = "Vedtaksdatoen {date} er ikke i budsjettåret {year}."
NEED_REFERENCE = "Oppgi saksnummeret for vedtaket (f.eks. «PS 45/24»)."


def _validated(
    lines: Sequence[core.ProposalLine], *, year: int, number: int, title: str, funding: core.Funding
) -> core.Proposal:
    candidate = core.Proposal(number=number, title=title, funding=funding, lines=tuple(lines))
    return core.proposal_validate(candidate, known_units=unit_ids(year))


def _write_lines(proposal: Proposal, lines: Sequence[core.ProposalLine]) -> None:
    ids = unit_ids(proposal.budget_year.year)
    proposal.lines.all().delete()
    ProposalLine.objects.bulk_create(
        ProposalLine(
            proposal=proposal,
            unit_id=ids[x.ansvar] if x.ansvar else None,
            general_line=x.general_line,
            text=x.text,
            amount=x.amount,
            sort_order=i,
        )
        for i, x in enumerate(lines)
    )


def _guard_draft(proposal: Proposal) -> None:
    """A draft of an open period may change. Adoption is not guarded by the period lock: the council
    adopts the report after its round is locked and published, and a budget change is year data."""
    if proposal.is_adopted:
        raise DomainError(ADOPTED_READ_ONLY.format(number=proposal.number, reference=proposal.adopted_reference))
    period_write_guard(year=proposal.budget_year.year, month=proposal.period)


def _keep_wording_if_it_fits(proposal: Proposal) -> None:
    """An edited wording that no longer fits the lines (e.g. a placeholder the proposal lost) is dropped."""
    if not proposal.wording:
        return
    c = proposal_to_core(proposal)
    ctx = resolution_context(year=proposal.budget_year.year, period=proposal.period, proposals=[c])
    if not core.wording_fits(proposal.wording, c, ctx):
        proposal.wording = ""
        proposal.save(update_fields=["wording"])


def _lines_audit(lines: Sequence[core.ProposalLine]) -> list[str]:
    return [f"{x.target} {x.amount}" for x in lines]


def proposal_create(
    *,
    year: int,
    period: int,
    title: str,
    funding: core.Funding,
    lines: Sequence[core.ProposalLine],
    reason: str = "",
    number: int | None = None,
    actor: Actor = None,
) -> Proposal:
    """A new draft proposal; refused (ProposalError, nothing saved) when it does not balance."""
    with transaction.atomic():
        period_write_guard(year=year, month=period)
        by = budget_year_ensure(year)
        existing = Proposal.objects.filter(budget_year=by, period=period)
        if number is None:
            number = (existing.aggregate(m=Max("number"))["m"] or 0) + 1
        elif existing.filter(number=number).exists():
            raise DomainError(NUMBER_TAKEN.format(number=number))
        _validated(lines, year=year, number=number, title=title, funding=funding)
        proposal = Proposal.objects.create(
            budget_year=by, period=period, number=number, title=title, reason=reason, funding=funding.value
        )
        _write_lines(proposal, lines)
        audit_record(
            actor=actor,
            action="created",
            obj=proposal,
            changes={"title": [None, title], "lines": [None, _lines_audit(lines)]},
        )
    return proposal


def proposal_update(
    *,
    proposal: Proposal,
    title: str,
    funding: core.Funding,
    lines: Sequence[core.ProposalLine],
    reason: str = "",
    actor: Actor = None,
) -> Proposal:
    """Change a draft's title, reason, funding and lines; refused when adopted or unbalanced."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("budget_year").get(pk=proposal.pk)
        _guard_draft(proposal)
        before = [f"{line_to_target(x)} {x.amount}" for x in proposal.lines.select_related("unit")]
        _validated(lines, year=proposal.budget_year.year, number=proposal.number, title=title, funding=funding)
        proposal.title, proposal.reason, proposal.funding = title, reason, funding.value
        proposal.save(update_fields=["title", "reason", "funding"])
        _write_lines(proposal, lines)
        _keep_wording_if_it_fits(proposal)
        audit_record(actor=actor, action="updated", obj=proposal, changes={"lines": [before, _lines_audit(lines)]})
    return proposal


def line_to_target(line: ProposalLine) -> str:
    return line.unit.code if line.unit else line.general_line


def proposal_wording_set(*, proposal: Proposal, wording: str, actor: Actor = None) -> Proposal:
    """Edit the wording of the proposal's resolution point (WordingError if it types a figure or drops
    a placeholder); an empty wording returns to the generated one."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("budget_year").get(pk=proposal.pk)
        _guard_draft(proposal)
        wording = wording.strip()
        if wording:
            c = proposal_to_core(proposal)
            ctx = resolution_context(year=proposal.budget_year.year, period=proposal.period, proposals=[c])
            core.wording_check(wording, c, ctx)
        old = proposal.wording
        proposal.wording = wording
        proposal.save(update_fields=["wording"])
        audit_record(actor=actor, action="updated", obj=proposal, changes={"wording": [old, wording]})
    return proposal


def proposal_delete(*, proposal: Proposal, actor: Actor = None) -> None:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _guard_draft(proposal)
        audit_record(actor=actor, action="deleted", obj=proposal)
        proposal.delete()


def proposal_adopt(
    *,
    proposal: Proposal,
    reference: str,
    adopted_on: date,
    lines: Sequence[core.ProposalLine] | None = None,
    actor: Actor = None,
) -> BudgetChange:
    """Record the council's decision: the proposal (with `lines` if the council amended the amounts;
    they must still balance) becomes a numbered budget change with a line per unit and a general-line
    change per § 5-4 line, so the revised budget includes it from `adopted_on`. Adopting twice is refused."""
    reference = reference.strip()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("budget_year").get(pk=proposal.pk)
        if proposal.is_adopted:
            raise DomainError(ALREADY_ADOPTED.format(number=proposal.number, reference=proposal.adopted_reference))
        if not reference:
            raise DomainError(NEED_REFERENCE)
        year = proposal.budget_year.year
        if adopted_on.year != year:
            raise DomainError(WRONG_YEAR.format(date=f"{adopted_on:%d.%m.%Y}", year=year))
        if lines is not None:
            _validated(
                lines, year=year, number=proposal.number, title=proposal.title, funding=core.Funding(proposal.funding)
            )
            _write_lines(proposal, lines)
            _keep_wording_if_it_fits(proposal)
        final = proposal_to_core(proposal)
        core.proposal_validate(final, known_units=unit_ids(year))
        number = (
            BudgetChange.objects.filter(budget_year=proposal.budget_year).aggregate(m=Max("number"))["m"] or 0
        ) + 1
        change = BudgetChange.objects.create(
            budget_year=proposal.budget_year,
            number=number,
            adopted=adopted_on,
            reference=reference,
            text=proposal.title,
        )
        ids = unit_ids(year)
        per_unit: dict[str, int] = defaultdict(int)
        per_line: dict[str, int] = defaultdict(int)
        for x in final.lines:
            if x.ansvar:
                per_unit[x.ansvar] += x.amount
            else:
                per_line[x.general_line] += x.amount
        BudgetChangeLine.objects.bulk_create(
            BudgetChangeLine(change=change, unit_id=ids[code], amount=amount) for code, amount in per_unit.items()
        )
        GeneralLineChange.objects.bulk_create(
            GeneralLineChange(change=change, line=key, amount=amount) for key, amount in per_line.items()
        )
        proposal.state = Proposal.State.ADOPTED
        proposal.adopted_reference, proposal.adopted_on, proposal.budget_change = reference, adopted_on, change
        proposal.save(update_fields=["state", "adopted_reference", "adopted_on", "budget_change"])
        audit_record(
            actor=actor,
            action="adopted",
            obj=proposal,
            changes={
                "state": ["draft", "adopted"],
                "reference": [None, reference],
                "budget_change": [None, number],
                **({"lines": [None, _lines_audit(final.lines)]} if lines is not None else {}),
            },
        )
        audit_record(actor=actor, action="created", obj=change, changes={"proposal": [None, proposal.number]})
    return change


def proposals_import(*, year: int, period: int, proposals: Sequence[core.Proposal], actor: Actor = None) -> str:
    """Replace the draft proposals of the period with the file's (adopted ones are kept; a file that
    would replace an adopted proposal is refused). Every proposal is validated before anything is written."""
    with transaction.atomic():
        period_write_guard(year=year, month=period)
        by = budget_year_ensure(year)
        known = unit_ids(year)
        for p in proposals:
            core.proposal_validate(p, known_units=known)
        adopted = {
            p.number: p.adopted_reference
            for p in Proposal.objects.filter(budget_year=by, period=period, state=Proposal.State.ADOPTED)
        }
        clash = [p.number for p in proposals if p.number in adopted]
        if clash:
            raise DomainError(ADOPTED_READ_ONLY.format(number=clash[0], reference=adopted[clash[0]]))
        drafts = Proposal.objects.filter(budget_year=by, period=period, state=Proposal.State.DRAFT)
        removed = drafts.count()
        drafts.delete()
        for p in proposals:
            row = Proposal.objects.create(
                budget_year=by,
                period=period,
                number=p.number,
                title=p.title,
                reason=p.reason,
                funding=p.funding.value,
                wording=p.wording,
            )
            _write_lines(row, p.lines)
            audit_record(actor=actor, action="imported", obj=row, changes={"lines": [None, _lines_audit(p.lines)]})
    return f"Budsjettforslag {period:02d}.{year}: {len(proposals)} forslag importert" + (
        f" ({removed} tidligere utkast erstattet)" if removed else ""
    )
