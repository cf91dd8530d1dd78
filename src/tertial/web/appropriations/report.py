"""This app's part of the statutory tertial report (tertial.web.reports.documents.tertial_report_document):
the appropriation overview (bevilgningsoversikt drift, § 5-4) with the areas' table and its check."""

from collections.abc import Collection

from tertial.core.appropriation import overview_blocks, signed_check
from tertial.core.report import ReportPart
from tertial.web.org.selectors import report_signs_get

from .selectors import appropriation_get


def report_part(*, year: int, month: int, withhold: Collection[str] = ()) -> ReportPart:
    """Blocks for the tertial report pr. the end of `month`; empty when the period has no general
    lines. Built from the same status table and central items as the report's status part (the
    locked round's snapshot when the period is locked), so its total deviation is the report's net result.
    `withhold`: units whose unsubmitted drafts the reader may not see (tertial.web.audience: withheld_units)."""
    view = appropriation_get(year=year, month=month, withhold=withhold)
    if view is None:
        return ReportPart()
    signs = report_signs_get()
    return ReportPart(
        blocks=overview_blocks(view.overview, signs),
        mismatches=tuple(view.mismatches) + tuple(signed_check(view.overview, signs)),
    )
