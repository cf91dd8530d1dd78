"""This app's part of the statutory tertial report (tertial.web.reports.documents.tertial_report_document)."""

from collections.abc import Collection

from tertial.core.investments import (
    investment_blocks,
    investment_signed_check,
    overview_check,
    project_table_check,
)
from tertial.core.report import ReportPart
from tertial.web.org.selectors import report_signs_get

from .selectors import investment_overview_get, project_table_get, threshold_get


def report_part(*, year: int, month: int, withhold: Collection[str] = ()) -> ReportPart:
    """Blocks for the tertial report pr. the end of `month`; empty when the year has no projects."""
    table = project_table_get(year=year, month=month)
    if not table.projects:
        return ReportPart()
    overview = investment_overview_get(year=year, month=month, table=table)
    signs = report_signs_get()
    return ReportPart(
        blocks=tuple(investment_blocks(table, overview, threshold_get(), year, signs)),
        mismatches=tuple(
            project_table_check(table) + overview_check(overview) + investment_signed_check(overview, signs)
        ),
    )
