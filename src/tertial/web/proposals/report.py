"""This app's part of the statutory tertial report (tertial.web.reports.tertial_report_document)."""

from tertial.core.report import ReportPart


def report_part(*, year: int, month: int) -> ReportPart:
    """Blocks for the tertial report pr. the end of `month`; empty when there is no data."""
    return ReportPart()
