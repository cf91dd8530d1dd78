"""The roles of Tertial, held as Django groups so that an administrator can grant them in the admin.

Object-level rules (which unit, which decision) live in each app's access.py and call these.
"""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group


class Role(StrEnum):
    FINANCE = "økonomi"
    SECTOR_LEADER = "kommunalsjef"
    UNIT_LEADER = "enhetsleder"
    COUNCIL = "folkevalgt"
    ADMIN = "administrator"


def user_has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.value).exists()


def role_grant(user: AbstractBaseUser, role: Role) -> None:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
