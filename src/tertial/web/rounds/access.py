"""Who may see or change what in a reporting round: the object-level rules of the rounds app, built
on the role predicates of tertial.web.accounts.access.

Every view, command and feed of the rounds app fetches through these functions (or the unit and
sector lookups of accounts.access); each raises PermissionDenied (a 403) when the answer is no. One
condition per line:

- finance and administrators: every round, unit and sector, read and write;
- a sector leader (kommunalsjef): the units of the sectors bound to them, read and write, and the
  sector comment;
- a unit leader (enhetsleder): the units whose ansvar code is bound to them, read and write;
- council members and the public: published rounds, read only (the snapshot), nothing else;
- another unit's unsubmitted draft is withheld from leaders who see live figures
  (tertial.web.audience.audience_for, withheld_units);
- nobody writes to a locked round (the services refuse that with a message; see core.rounds).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tertial.web.accounts.access import (
    User,
    is_finance,
    led_sector_codes,
    led_unit_codes,
    readable_unit_codes,
    unit_for_user,
)
from tertial.web.org.models import Sector

from .models import Round, Task

NOT_PUBLISHED = "Runden er ikke publisert."


def task_for_user(user: User, task: Task) -> Task:
    unit_for_user(user, task.unit)
    return task


def round_for_user(user: User, rnd: Round) -> Round:
    """Finance and leaders see every round (leaders only their own tasks in it); others only published ones."""
    if is_finance(user):
        return rnd
    if led_unit_codes(user) or led_sector_codes(user):
        return rnd
    if rnd.published:
        return rnd
    raise PermissionDenied(NOT_PUBLISHED)


def tasks_for_user(user: User, rnd: Round) -> QuerySet[Task]:
    """The tasks of the round `user` may see, as a queryset."""
    qs = rnd.tasks.select_related("unit__sector")
    codes = readable_unit_codes(user)
    return qs if codes is None else qs.filter(unit__code__in=codes)


def sectors_for_user(user: User, year: int) -> QuerySet[Sector]:
    qs = Sector.objects.filter(budget_year__year=year)
    return qs if is_finance(user) else qs.filter(code__in=led_sector_codes(user))
