"""This app's part of the statutory tertial report (tertial.web.reports.tertial_report_document)."""

from tertial.core.debt import finance_blocks
from tertial.core.report import ReportPart

from .selectors import finance_view_get


def report_part(*, year: int, month: int) -> ReportPart:
    """ "Finansforvaltning" pr. the end of `month` (forskrift om finans- og gjeldsforvaltning § 5);
    empty when no loans are imported for the period."""
    view = finance_view_get(year=year, month=month)
    return ReportPart(blocks=tuple(finance_blocks(view.loans, view.figures, view.checks, view.rules)))
