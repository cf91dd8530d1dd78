"""Who may see or change sick leave, indicator tables, milestone plans and free sections.

Finance staff and administrators edit; every other signed-in user reads. The public sees this
content only through the published report."""

from tertial.web.accounts.roles import Role, user_has_role


def content_readable(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def content_editable(user) -> bool:
    return user_has_role(user, Role.FINANCE) or user_has_role(user, Role.ADMIN)
