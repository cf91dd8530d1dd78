"""Who may see investment projects: the staff who work with the live figures (finance, admins,
sector and unit leaders; accounts.access.sees_live_figures). Council members and the public read the
investments in the published tertial report."""

from tertial.web.accounts.access import User, live_figures_required, sees_live_figures

NOT_STAFF = "Investeringsprosjektene vises for økonomiavdelingen og ledere; andre leser tertialrapporten."


def investments_readable(user: User) -> bool:
    return bool(user.is_authenticated and sees_live_figures(user))


def investments_read_required(user: User) -> None:
    live_figures_required(user, NOT_STAFF)
