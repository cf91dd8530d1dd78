"""This app's part of the statutory tertial report (tertial.web.reports.documents.tertial_report_document)."""

from collections.abc import Collection
from dataclasses import replace

from tertial.core.debt import KEY_FIGURES_LABEL, PORTFOLIO_LABEL, finance_blocks, portfolio_check
from tertial.core.document import FigureTable
from tertial.core.report import ReportPart

from .selectors import finance_view_get


def report_part(*, year: int, month: int, withhold: Collection[str] = ()) -> ReportPart:
    """«Finansforvaltning» pr. the end of `month` (forskrift om finans- og gjeldsforvaltning § 5);
    empty when no loans are imported for the period."""
    view = finance_view_get(year=year, month=month)
    blocks = tuple(finance_blocks(view.loans, view.figures, view.checks, view.rules, view.liquidity))
    mismatches = tuple(
        m
        for b in blocks
        if isinstance(b, FigureTable) and b.label_header == PORTFOLIO_LABEL
        for m in portfolio_check(b)
    )
    summary = tuple(
        replace(
            b,
            caption=f"Finansielle nøkkeltall mot finansreglementet pr. {view.figures.as_of:%d.%m.%Y}",
            notes=(),
            short_title="Finansielle nøkkeltall",
        )
        for b in blocks
        if isinstance(b, FigureTable) and b.label_header == KEY_FIGURES_LABEL
    )
    return ReportPart(blocks=blocks, mismatches=mismatches, summary=summary)
