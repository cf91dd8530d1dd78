"""Who may see or change sick leave, indicator tables, milestone plans and free sections.

Finance staff and administrators edit; every other signed-in user reads. The public sees this
content only through the published report. Sick leave of small units is for finance only."""

from tertial.web.accounts.access import User, finance_required, is_finance, signed_in_required

from .selectors import Audience


def content_read_required(user: User) -> None:
    signed_in_required(user)


def content_edit_required(user: User) -> None:
    finance_required(user)


def sick_leave_audience(user: User) -> Audience:
    """Finance and administrators see every unit's sick leave; everyone else the public table, where
    units below the privacy threshold are merged into their sector (core.sickleave)."""
    return Audience.FINANCE if is_finance(user) else Audience.PUBLIC
