"""Reads for the proposal pages, the report part and the CLI: models converted to core values in one place."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext

from tertial.core import proposals as core
from tertial.core.appropriation import GENERAL_LINES
from tertial.core.document import Run
from tertial.core.errors import DomainError
from tertial.core.periods import Period
from tertial.web.appropriations.selectors import areas_get
from tertial.web.budget.selectors import revised_budget_by_unit
from tertial.web.org.models import BudgetYear, Unit

from .models import Proposal, ProposalLine


def unit_area_map(year: int) -> dict[str, core.Area]:
    """The appropriation area (rammeområde) of each unit of `year`, in the areas' order: the
    appropriations app's areas, or the sectors when the year has none imported (its areas_get)."""
    areas, _from_sectors = areas_get(year)
    return {code: core.Area(code=a.name, name=a.name) for a in areas for code in a.units}


def unit_names(year: int) -> dict[str, str]:
    return dict(Unit.objects.filter(budget_year__year=year).values_list("code", "name"))


def line_to_core(line: ProposalLine) -> core.ProposalLine:
    return core.ProposalLine(
        amount=line.amount,
        ansvar=line.unit.code if line.unit else "",
        general_line=line.general_line,
        text=line.text,
    )


def proposal_to_core(p: Proposal) -> core.Proposal:
    return core.Proposal(
        number=p.number,
        title=p.title,
        funding=core.Funding(p.funding),
        lines=tuple(line_to_core(x) for x in p.lines.all()),
        reason=p.reason,
        wording=p.wording,
    )


def newest_tertial() -> tuple[int, int] | None:
    """(year, tertial) of the newest proposals, else the first tertial of the newest budget year."""
    newest = (
        Proposal.objects.order_by("-budget_year__year", "-period").values_list("budget_year__year", "period").first()
    )
    if newest:
        return newest[0], 1 if newest[1] <= 4 else 2
    year = BudgetYear.objects.order_by("-year").values_list("year", flat=True).first()
    return (year, 1) if year else None


def proposals_qs(*, year: int, period: int) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(budget_year__year=year, period=period)
        .select_related("budget_change")
        .prefetch_related("lines__unit")
        .order_by("number")
    )


def budget_before_proposals(*, year: int, period: int) -> dict[str, int]:
    """The revised budget per unit at the period's end, without the budget changes that adopted
    proposals of this period created (so a proposal adopted before the period end is not counted twice)."""
    before = revised_budget_by_unit(year, period)
    end = Period(year, period).end_date
    for p in proposals_qs(year=year, period=period).filter(state=Proposal.State.ADOPTED):
        if p.budget_change and p.budget_change.adopted <= end:
            for line in p.budget_change.lines.select_related("unit"):
                before[line.unit.code] = before.get(line.unit.code, 0) - line.amount
    return before


def resolution_context(*, year: int, period: int, proposals: list[core.Proposal]) -> core.ResolutionContext:
    return core.resolution_context_build(
        budget_before_proposals(year=year, period=period), unit_area_map(year), unit_names(year), proposals
    )


@dataclass(frozen=True)
class ProposalView:
    """A proposal as the pages show it: the row, its core value and its point's runs."""

    row: Proposal
    core: core.Proposal
    point: tuple[Run, ...]
    wording: str  # the template in use (the edited one, or the default)
    default_wording: str
    placeholders: tuple[str, ...]


@dataclass(frozen=True)
class ProposalsPage:
    year: int
    period: int
    proposals: tuple[ProposalView, ...]
    resolution: core.Resolution
    totals: tuple[core.AreaTotal, ...]

    @property
    def balance(self) -> int:
        return sum(p.core.balance for p in self.proposals)


def proposals_page_get(*, year: int, period: int) -> ProposalsPage:
    rows = list(proposals_qs(year=year, period=period))
    cores = [proposal_to_core(r) for r in rows]
    ctx = resolution_context(year=year, period=period, proposals=cores)
    views = []
    for row, c in zip(rows, cores, strict=True):
        default = core.default_wording(c, ctx)
        in_use = c.wording if c.wording and core.wording_fits(c.wording, c, ctx) else default
        views.append(
            ProposalView(
                row=row,
                core=c,
                point=core.point_runs(c, ctx),
                wording=in_use,
                default_wording=default,
                placeholders=tuple(core.placeholder_values(c, ctx)),
            )
        )
    return ProposalsPage(
        year=year,
        period=period,
        proposals=tuple(views),
        resolution=core.resolution_build(cores, ctx, year=year),
        totals=tuple(ctx.totals.values()),
    )


def target_choices(year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a line's target: units («unit:160») and general lines («line:skatt»)."""
    units = [(f"unit:{u.code}", f"{u.code} {u.name}") for u in Unit.objects.filter(budget_year__year=year)]
    lines = [(f"line:{g.key}", g.label) for g in GENERAL_LINES]
    return [(gettext("Ansvar"), units), (gettext("Bevilgningsoversikten § 5-4"), lines)]


def proposal_get(*, year: int, period: int, number: int) -> Proposal:
    """The proposal with this number in the period; DomainError naming it when there is none."""
    found = Proposal.objects.filter(budget_year__year=year, period=period, number=number).first()
    if found is None:
        raise DomainError(f"Det finnes ikke noe forslag nr. {number} for {period:02d}.{year}")
    return found
