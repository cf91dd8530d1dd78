"""Who may see investment projects: the staff who work with the live figures (finance, admins,
sector and unit leaders; rounds.access.sees_live_figures). Council members and the public read the
investments in the published tertial report."""

from django.core.exceptions import PermissionDenied

from tertial.web.rounds.access import sees_live_figures

NOT_STAFF = "Investeringsprosjektene vises for økonomiavdelingen og ledere; andre leser tertialrapporten."


def investments_readable(user) -> bool:
    return bool(user.is_authenticated and sees_live_figures(user))


def investments_read_required(user) -> None:
    if not investments_readable(user):
        raise PermissionDenied(NOT_STAFF)
