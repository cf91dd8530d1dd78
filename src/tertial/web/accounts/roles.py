"""The roles of Tertial, held as Django groups so that an administrator can grant them in the admin.

Object-level rules (which unit, which decision) live in each app's access.py and call these.
"""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.auth.models import User as AuthUser

from .models import SectorLeadership, UnitLeadership


class Role(StrEnum):
    FINANCE = "økonomi"
    SECTOR_LEADER = "kommunalsjef"
    UNIT_LEADER = "enhetsleder"
    COUNCIL = "folkevalgt"
    ADMIN = "administrator"


def user_has_role(user: AuthUser | AnonymousUser, role: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.value).exists()


def role_grant(user: AuthUser, role: Role) -> None:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)


def unit_leadership_grant(user: AuthUser, unit_code: str) -> None:
    """Make `user` leader of the unit with this ansvar code (in every budget year)."""
    role_grant(user, Role.UNIT_LEADER)
    UnitLeadership.objects.get_or_create(user=user, unit_code=unit_code)


def sector_leadership_grant(user: AuthUser, sector_code: str) -> None:
    role_grant(user, Role.SECTOR_LEADER)
    SectorLeadership.objects.get_or_create(user=user, sector_code=sector_code)


def user_roles(user: AuthUser | AnonymousUser) -> frozenset[Role]:
    """All roles of the user in one query, kept on the user object for the request (a superuser has every role)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role)
    cached = getattr(user, "_tertial_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(r for r in Role if r.value in names)
        user.__dict__["_tertial_roles"] = cached  # kept on the user object for the request
    return cached
