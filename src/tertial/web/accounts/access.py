"""Who a user is to Tertial: the role predicates every app asks (one definition each).

- `is_finance`: finance staff or administrators — they read and change everything;
- `sees_live_figures`: finance, administrators and unit and sector leaders work with the live
  figures, drafts included; council members and the public read only locked and published rounds;
- the units and sectors a leader answers for (`led_unit_codes`, `led_sector_codes`,
  `readable_unit_codes`), and `unit_for_user` / `sector_for_user` that fetch one or refuse (403).

Each app's access.py builds its object-level rules on these; views call an access function and
never raise PermissionDenied themselves. What a user sees of one period (live or published, which
units are withheld or linkable) is `tertial.web.audience.audience_for`.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from tertial.web.org.models import Sector, Unit

from .models import SectorLeadership, UnitLeadership
from .roles import AuthUser, Role, user_roles

User = AuthUser | AnonymousUser

NOT_YOUR_UNIT = "Du har ikke tilgang til denne enheten."
NOT_YOUR_SECTOR = "Du har ikke tilgang til dette tjenesteområdet."
FINANCE_ONLY = "Bare økonomiavdelingen kan gjøre dette."
LIVE_ONLY = "Bare økonomiavdelingen og ledere kan se dette."


def is_finance(user: User) -> bool:
    """Finance staff or administrators (a superuser has every role)."""
    return bool(user_roles(user) & {Role.FINANCE, Role.ADMIN})


def sees_live_figures(user: User) -> bool:
    """Finance, admins and unit and sector leaders work with the live figures, drafts included;
    council members and the public read only rounds that are locked and published."""
    return bool(user_roles(user) & {Role.FINANCE, Role.ADMIN, Role.SECTOR_LEADER, Role.UNIT_LEADER})


def is_signed_in(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def finance_required(user: User, message: str = FINANCE_ONLY) -> None:
    if not is_finance(user):
        raise PermissionDenied(message)


INTERNAL_EDITION_ONLY = "Den interne utgaven av rapporten er bare for økonomiavdelingen."


def internal_edition_required(user: User) -> None:
    """The internal edition of a report (the statistical control of the units' forecasts, working
    notes) is finance's: the council edition is what everyone else reads."""
    finance_required(user, INTERNAL_EDITION_ONLY)


def live_figures_required(user: User, message: str = LIVE_ONLY) -> None:
    if not sees_live_figures(user):
        raise PermissionDenied(message)


def signed_in_required(user: User) -> None:
    if not is_signed_in(user):
        raise PermissionDenied


def _led_codes(user: User, role: Role, model: type[UnitLeadership | SectorLeadership], field: str) -> set[str]:
    """The codes `user` is bound to in `model` if they hold `role` (kept on the user for the request)."""
    if role not in user_roles(user) or isinstance(user, AnonymousUser):
        return set()
    key = f"_tertial_{model.__name__}"
    if key not in user.__dict__:
        user.__dict__[key] = set(model.objects.filter(user=user).values_list(field, flat=True))
    return set(user.__dict__[key])


def led_unit_codes(user: User) -> set[str]:
    """Ansvar codes of the units `user` leads."""
    return _led_codes(user, Role.UNIT_LEADER, UnitLeadership, "unit_code")


def led_sector_codes(user: User) -> set[str]:
    """Codes of the sectors `user` leads as kommunalsjef."""
    return _led_codes(user, Role.SECTOR_LEADER, SectorLeadership, "sector_code")


def readable_unit_codes(user: User) -> set[str] | None:
    """Ansvar codes whose unit pages `user` may open; None means all of them (finance)."""
    if is_finance(user):
        return None
    codes = led_unit_codes(user)
    sectors = led_sector_codes(user)
    if sectors:
        codes |= set(Unit.objects.filter(sector__code__in=sectors).values_list("code", flat=True))
    return codes


def unit_for_user(user: User, unit: Unit) -> Unit:
    """The unit if `user` may read and change its forecast and comment: finance, its unit leader or
    the leader of its sector."""
    if is_finance(user):
        return unit
    if unit.code in led_unit_codes(user):
        return unit
    if unit.sector.code in led_sector_codes(user):
        return unit
    raise PermissionDenied(NOT_YOUR_UNIT)


def sector_for_user(user: User, sector: Sector) -> Sector:
    """The sector if `user` may read and change its sector comment: finance or its kommunalsjef."""
    if is_finance(user):
        return sector
    if sector.code in led_sector_codes(user):
        return sector
    raise PermissionDenied(NOT_YOUR_SECTOR)
