"""Who may do what with political decisions: finance and administrators edit; everyone reads the
public page; the internal register, the overdue list and the edit screens need a login."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from tertial.web.accounts.access import User, is_finance

EDIT_DENIED = _("Bare økonomiavdelingen og administratorer kan endre politiske vedtak.")


def decisions_can_edit(user: User) -> bool:
    """Finance and administrators by role; anyone else only with the model permission granted in
    the admin (e.g. a secretary of the council's office)."""
    if not user.is_authenticated:
        return False
    if is_finance(user):
        return True
    return bool(user.has_perm("decisions.change_decisionpoint"))


def decisions_require_edit(user: User) -> None:
    if not decisions_can_edit(user):
        raise PermissionDenied(str(EDIT_DENIED))
