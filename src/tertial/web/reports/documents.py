"""Assembling report documents from stored data: selectors in, core.report out."""

from collections.abc import Collection, Sequence
from typing import TypedDict

from tertial.core.checks import status_check
from tertial.core.decisions import DecisionReportItem
from tertial.core.document import Document, Edition, Signature
from tertial.core.errors import DomainError
from tertial.core.periodised import PROFILE_EVEN
from tertial.core.periods import Period
from tertial.core.projection import Bridge, Flag
from tertial.core.report import (
    ReportData,
    ReportPart,
    report_build,
    tertial_report_build,
    tertial_report_title,
)
from tertial.core.status import StatusTable
from tertial.web.appropriations import report as appropriations_report
from tertial.web.budget.selectors import (
    actuals_by_month,
    central_items_list,
    comments_get,
    monthly_budgets_get,
    municipality_monthly_budget,
    status_table_get,
)
from tertial.web.content.selectors import content_report_parts
from tertial.web.decisions.selectors import decisions_report_items
from tertial.web.finance import report as finance_report
from tertial.web.forecasting.selectors import forecast_overview_get
from tertial.web.investments import report as investments_report
from tertial.web.org.selectors import municipality_get, organisation_get, theme_get
from tertial.web.proposals import report as proposals_report
from tertial.web.rounds.selectors import locked_round_get

# Each tertial app's part of the statutory tertial report (its report.py), in the report's order.
TERTIAL_REPORT_PARTS = (
    appropriations_report.report_part,
    proposals_report.report_part,
    investments_report.report_part,
    finance_report.report_part,
)


class ReportRefused(DomainError):
    """The consistency checker found mismatches and the caller did not force the report."""

    def __init__(self, mismatches):
        self.mismatches = mismatches
        lines = "\n".join(f"  {m}" for m in mismatches)
        super().__init__(f"Kontrollen fant {len(mismatches)} avvik; rapporten er ikke laget (bruk --force):\n{lines}")


class NotPublished(DomainError):
    """The period has no published, locked round, and the reader may only see published figures."""


def status_report_document(
    *,
    year: int,
    month: int,
    force: bool = False,
    published_only: bool = False,
    withhold: Collection[str] = (),
    edition: Edition = Edition.COUNCIL,
) -> Document:
    """The monthly status report. A locked round's report is built from its snapshot, so it stays
    what it was at the lock even if actuals are re-imported later; otherwise from the live figures.
    `published_only` (council and public) accepts only a locked and published round. `withhold`: units
    whose unsubmitted drafts the reader may not see (tertial.web.audience: withheld_units), reported as
    "prognose ikke meldt" and without their comment. `edition`: the council edition (the default, for
    the CLI, the web download and publishing) or the internal one with the statistical annex; the
    caller decides who may have the internal one (web.accounts.access.is_finance)."""
    data = _report_data(
        year=year, month=month, force=force, published_only=published_only, withhold=withhold, edition=edition
    )
    return report_build(data)


def tertial_report_document(
    *,
    year: int,
    tertial: int,
    force: bool = False,
    published_only: bool = False,
    withhold: Collection[str] = (),
    edition: Edition = Edition.COUNCIL,
) -> Document:
    """The statutory tertial report (kommuneloven § 14-5, reports pr. 30.04 and 31.08) as a document
    of its own: cover, contents, summary, «Forslag til vedtak», then the status of the tertial's last
    month, the appropriation overview, the proposed budget changes, investments, finance and debt and
    the content. Sections without data are left out; every part's own consistency check joins the
    status table's."""
    if tertial not in (1, 2):
        raise DomainError(f"Tertialrapport lages for 1. og 2. tertial, ikke {tertial} (3. tertial er årsregnskapet)")
    month = 4 * tertial
    parts = [report_part(year=year, month=month, withhold=withhold) for report_part in TERTIAL_REPORT_PARTS]
    data = _report_data(
        year=year,
        month=month,
        force=force,
        published_only=published_only,
        withhold=withhold,
        edition=edition,
        parts=parts,
    )
    return tertial_report_build(data, title=tertial_report_title(Period(year, month)), parts=parts)


def _report_data(
    *,
    year: int,
    month: int,
    force: bool,
    published_only: bool,
    withhold: Collection[str] = (),
    edition: Edition = Edition.COUNCIL,
    parts: list[ReportPart] | None = None,
) -> ReportData:
    m = municipality_get()
    if m is None:
        raise DomainError("Kommunen er ikke satt opp ennå")
    locked = locked_round_get(year, month)
    if published_only and not (locked and locked.published):
        raise NotPublished(f"Rapporten for {month:02d}.{year} er ikke publisert")
    if locked:
        table, central, comments = locked.table, locked.central, locked.comments
    else:
        table = status_table_get(year=year, month=month, withhold=withhold)
        central = central_items_list(year=year, month=month)
        comments = comments_get(year=year, month=month, withhold=withhold)
    mismatches = status_check(table) + [mm for part in parts or () for mm in part.mismatches]
    if mismatches and not force:
        raise ReportRefused(mismatches)
    monthly = actuals_by_month(year=year, month=month)
    forecast: ForecastParts = {} if locked or withhold else _forecast_parts(year=year, month=month)
    return ReportData(
        municipality=m.name,
        org=organisation_get(year),
        table=table,
        central=central,
        unit_comments=comments.units,
        sector_comments=comments.sectors,
        signature=Signature(m.chief_executive_name, m.chief_executive_title) if m.chief_executive_name else None,
        mismatches=mismatches,
        monthly_actuals=monthly,
        monthly_budget=_monthly_budget(year=year, month=month, table=table),
        **content_report_parts(year=year, month=month),
        **_decisions_parts(year=year, month=month),
        **forecast,
        edition=edition,
        theme=theme_get(m),
    )


def _monthly_budget(*, year: int, month: int, table: StatusTable) -> dict[int, int] | None:
    """The units' periodised budgets summed per month («forbruk mot periodisert budsjett»), when at
    least one unit has more than twelfths and they add up to the table's budget; else None (twelfths)."""
    budgets = monthly_budgets_get(year=year, month=month)
    codes = {r.code for r in table.units}
    chosen = {u: b for u, b in budgets.items() if u in codes}
    if all(b.source == PROFILE_EVEN for b in chosen.values()):
        return None
    out = municipality_monthly_budget(chosen)
    return out if sum(out.values()) == table.total.budget else None


class ForecastParts(TypedDict, total=False):
    forecast_flags: Sequence[Flag]
    forecast_bridge: Bridge | None
    forecast_history_years: Sequence[int]


class DecisionsParts(TypedDict):
    decisions_overdue: Sequence[DecisionReportItem]
    decisions_closed: Sequence[DecisionReportItem]


def _forecast_parts(*, year: int, month: int) -> ForecastParts:
    """The prognosis bridge and the annex of flagged units (issue 9). Live figures only: a locked
    round's report stays what its snapshot was, so it gets neither."""
    ov = forecast_overview_get(year=year, month=month)
    return {"forecast_flags": ov.flags, "forecast_bridge": ov.bridge, "forecast_history_years": ov.history_years}


def _decisions_parts(*, year: int, month: int) -> DecisionsParts:
    period = Period(year, month)
    overdue, closed = decisions_report_items(start=period.end_date.replace(day=1), end=period.end_date)
    return {"decisions_overdue": overdue, "decisions_closed": closed}
