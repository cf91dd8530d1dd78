"""Who may see or change the finance pages. The portfolio and limits are live figures: finance,
administrators and unit and sector leaders read them (accounts.access.sees_live_figures); council
members and the public read them in the published tertial report. Only finance changes the rules."""

from tertial.web.accounts.access import User, finance_required, is_finance, live_figures_required

NOT_LIVE = "Finanstallene vises i den publiserte tertialrapporten."


def finance_readable(user: User) -> None:
    live_figures_required(user, NOT_LIVE)


def rules_editable(user: User) -> None:
    finance_required(user)


def can_edit_rules(user: User) -> bool:
    return is_finance(user)
