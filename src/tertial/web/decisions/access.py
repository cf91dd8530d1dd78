"""Who may do what with political decisions: finance and administrators edit; everyone reads the
public page; the internal register, the overdue list and the edit screens need a login."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from tertial.web.accounts.roles import Role, user_roles

User = AbstractBaseUser | AnonymousUser

EDIT_DENIED = "Bare økonomiavdelingen og administratorer kan endre politiske vedtak."


def decisions_can_edit(user: User) -> bool:
    return bool(user_roles(user) & {Role.FINANCE, Role.ADMIN})


def decisions_require_edit(user: User) -> None:
    if not decisions_can_edit(user):
        raise PermissionDenied(EDIT_DENIED)
