"""Who may see or change what in a reporting round: every object-level rule, in one place.

Every view, command and feed of the rounds app fetches through these functions; each raises
PermissionDenied (a 403) when the answer is no. One condition per line:

- finance and administrators: every round, unit and sector, read and write;
- a sector leader (kommunalsjef): the units of the sectors bound to them, read and write, and the
  sector comment;
- a unit leader (enhetsleder): the units whose ansvar code is bound to them, read and write;
- council members and the public: published rounds, read only (the snapshot), nothing else;
- another unit's unsubmitted draft is withheld from leaders who see live figures (withheld_unit_codes);
- nobody writes to a locked round (the services refuse that with a message; see core.rounds).
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from tertial.core.rounds import TaskState
from tertial.web.accounts.models import SectorLeadership, UnitLeadership
from tertial.web.accounts.roles import Role, user_roles
from tertial.web.org.models import Sector, Unit

from .models import Round, Task

User = AbstractBaseUser | AnonymousUser

NOT_YOUR_UNIT = "Du har ikke tilgang til denne enheten."
NOT_YOUR_SECTOR = "Du har ikke tilgang til dette tjenesteområdet."
FINANCE_ONLY = "Bare økonomiavdelingen kan gjøre dette."
NOT_PUBLISHED = "Runden er ikke publisert."


def is_finance(user: User) -> bool:
    roles = user_roles(user)
    return Role.FINANCE in roles or Role.ADMIN in roles


def sees_live_figures(user: User) -> bool:
    """Finance, admins and unit and sector leaders work with the live figures, drafts included;
    council members and the public read only rounds that are locked and published."""
    return bool(user_roles(user) & {Role.FINANCE, Role.ADMIN, Role.SECTOR_LEADER, Role.UNIT_LEADER})


def finance_required(user: User) -> None:
    if not is_finance(user):
        raise PermissionDenied(FINANCE_ONLY)


def _led_unit_codes(user: User) -> set[str]:
    if Role.UNIT_LEADER not in user_roles(user):
        return set()
    if not hasattr(user, "_tertial_units"):
        user._tertial_units = set(UnitLeadership.objects.filter(user=user).values_list("unit_code", flat=True))
    return set(user._tertial_units)


def _led_sector_codes(user: User) -> set[str]:
    if Role.SECTOR_LEADER not in user_roles(user):
        return set()
    if not hasattr(user, "_tertial_sectors"):
        user._tertial_sectors = set(SectorLeadership.objects.filter(user=user).values_list("sector_code", flat=True))
    return set(user._tertial_sectors)


def unit_for_user(user: User, unit: Unit, *, write: bool = False) -> Unit:
    """The unit if `user` may read it (or, with write=True, change its forecast and comment)."""
    if is_finance(user):
        return unit
    if unit.code in _led_unit_codes(user):
        return unit
    if unit.sector.code in _led_sector_codes(user):
        return unit
    raise PermissionDenied(NOT_YOUR_UNIT)


def sector_for_user(user: User, sector: Sector, *, write: bool = False) -> Sector:
    if is_finance(user):
        return sector
    if sector.code in _led_sector_codes(user):
        return sector
    raise PermissionDenied(NOT_YOUR_SECTOR)


def task_for_user(user: User, task: Task, *, write: bool = False) -> Task:
    unit_for_user(user, task.unit, write=write)
    return task


def round_for_user(user: User, rnd: Round) -> Round:
    """Finance and leaders see every round (leaders only their own tasks in it); others only published ones."""
    if is_finance(user):
        return rnd
    if _led_unit_codes(user) or _led_sector_codes(user):
        return rnd
    if rnd.published:
        return rnd
    raise PermissionDenied(NOT_PUBLISHED)


def readable_unit_codes(user: User) -> set[str] | None:
    """Ansvar codes whose unit pages `user` may open; None means all of them (finance)."""
    if is_finance(user):
        return None
    codes = _led_unit_codes(user)
    sectors = _led_sector_codes(user)
    if sectors:
        codes |= set(Unit.objects.filter(sector__code__in=sectors).values_list("code", flat=True))
    return codes


def withheld_unit_codes(user: User, year: int) -> dict[int, frozenset[str]]:
    """month → the units whose figures of that month `user` may not read yet: a leader's saved but
    unsubmitted draft (task state DRAFT) is written to the live figures, and until it is submitted
    only finance and the unit's own unit and sector leaders see it. Everyone else who sees live figures
    gets such a unit as "prognose ikke meldt", without its comment. Empty for finance."""
    readable = readable_unit_codes(user)
    if readable is None:
        return {}
    out: dict[int, set[str]] = {}
    for month, code in Task.objects.filter(round__budget_year__year=year, state=TaskState.DRAFT).values_list(
        "round__period", "unit__code"
    ):
        if code not in readable:
            out.setdefault(month, set()).add(code)
    return {m: frozenset(codes) for m, codes in out.items()}


def tasks_for_user(user: User, rnd: Round):
    """The tasks of the round `user` may see, as a queryset."""
    qs = rnd.tasks.select_related("unit__sector")
    codes = readable_unit_codes(user)
    return qs if codes is None else qs.filter(unit__code__in=codes)


def sectors_for_user(user: User, year: int):
    qs = Sector.objects.filter(budget_year__year=year)
    return qs if is_finance(user) else qs.filter(code__in=_led_sector_codes(user))
