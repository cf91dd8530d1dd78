"""Who may see or change sick leave, indicator tables, milestone plans and free sections.

Finance staff and administrators edit; every other signed-in user reads. The public sees this
content only through the published report. Sick leave of small units is for finance only."""

from tertial.web.accounts.roles import Role, user_has_role


def content_readable(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def content_editable(user) -> bool:
    return user_has_role(user, Role.FINANCE) or user_has_role(user, Role.ADMIN)


def sick_leave_audience(user):
    """Finance and administrators see every unit's sick leave; everyone else the public table, where
    units below the privacy threshold are merged into their sector (core.sickleave)."""
    from .selectors import Audience

    return Audience.FINANCE if content_editable(user) else Audience.PUBLIC
