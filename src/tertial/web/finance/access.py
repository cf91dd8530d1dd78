"""Who may see or change the finance pages. The portfolio and limits are live figures: finance,
administrators and unit and sector leaders read them (rounds.access.sees_live_figures); council
members and the public read them in the published tertial report. Only finance changes the rules."""

from django.core.exceptions import PermissionDenied

from tertial.web.rounds.access import finance_required, is_finance, sees_live_figures

NOT_LIVE = "Finanstallene vises i den publiserte tertialrapporten."


def finance_readable(user) -> None:
    if not sees_live_figures(user):
        raise PermissionDenied(NOT_LIVE)


def rules_editable(user) -> None:
    finance_required(user)


def can_edit_rules(user) -> bool:
    return is_finance(user)
