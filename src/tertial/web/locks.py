"""The period lock: the one guard every write of period data calls (docs/rounds.md, «Låste perioder»).

A locked round freezes its period. Two kinds of data belong to a period:

- **period-keyed** data, stored per reporting period (forecasts, unit and sector comments, measures,
  central items, indicator tables, milestone plans, text sections): month M is frozen when the round
  for exactly (year, M) is locked;
- **cumulative** data, stored per calendar month and summed year to date (actuals/balances, sick
  leave): month m is frozen when a locked round of the same year has a period ≥ m, because the locked
  report's year-to-date figures include it. Re-importing a general-ledger file that covers such a
  month is therefore refused, not silently let through on the strength of the snapshot.

`period_write_guard` and `months_write_guard` raise PeriodLocked (a DomainError, so the CLI prints it,
views show it on the form, the admin on the form or as a 403) and are called at the top of every
write service, inside its transaction. On PostgreSQL the guard takes a FOR SHARE lock on the round
rows it read: a concurrent `round_lock` (FOR UPDATE) waits for the write to commit, and a write that
starts while the lock is being taken waits and then sees the locked state. Writers do not block
each other. SQLite serialises writing transactions anyway.

It reads the rounds app's Round table by model label (as a ForeignKey("rounds.Round") would), so
that every app's services — budget's, below rounds, included — may call it without importing rounds.
"""

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import connection

from tertial.core.errors import DomainError
from tertial.core.periods import Period
from tertial.core.rounds import RoundState

PERIOD_LOCKED = "Perioden {period} er låst; tallene og tekstene for den kan ikke endres."
MONTHS_LOCKED = (
    "Perioden {period} er låst, og {months} inngår i den; tallene for disse månedene kan ikke endres. "
    "Ta bare med måneder etter {last}."
)


class PeriodLocked(DomainError):
    """A write to a period whose round is locked."""


def _locked_rounds(year: int, *, min_period: int | None = None, period: int | None = None) -> list[Any]:
    # rounds.Round rows: the model is read by label (no import of the rounds app), so its type is not known here
    Round = apps.get_model("rounds", "Round")
    qs = Round.objects.filter(budget_year__year=year, state=RoundState.LOCKED)
    if period is not None:
        qs = qs.filter(period=period)
    if min_period is not None:
        qs = qs.filter(period__gte=min_period)
    rounds = list(qs.order_by("-period"))
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Hold the rows until commit so that no lock can slip in between this check and the write.
        open_rounds = Round.objects.filter(budget_year__year=year, state=RoundState.OPEN)
        if period is not None:
            open_rounds = open_rounds.filter(period=period)
        if min_period is not None:
            open_rounds = open_rounds.filter(period__gte=min_period)
        ids = [r.pk for r in rounds] + list(open_rounds.values_list("pk", flat=True))
        if ids:
            table = Round._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s) FOR SHARE", [ids])
            rounds = list(Round.objects.filter(pk__in=ids, state=RoundState.LOCKED).order_by("-period"))
    return rounds


def period_write_guard(*, year: int, month: int) -> None:
    """Refuse a write to period-keyed data of (year, month) when that period's round is locked."""
    if _locked_rounds(year, period=month):
        raise PeriodLocked(PERIOD_LOCKED.format(period=Period(year, month)))


def months_write_guard(*, year: int, months: Iterable[int]) -> None:
    """Refuse a write to cumulative data of `months` of `year` when a locked round's year-to-date
    figures include any of them (a locked period ≥ the month)."""
    wanted = sorted(set(months))
    if not wanted:
        return
    locked = _locked_rounds(year, min_period=wanted[0])
    if not locked:
        return
    last = locked[0].period  # the latest locked period covers every month up to it
    frozen = [m for m in wanted if m <= last]
    raise PeriodLocked(
        MONTHS_LOCKED.format(
            period=Period(year, last),
            months=", ".join(f"{m:02d}.{year}" for m in frozen),
            last=f"{last:02d}.{year}",
        )
    )
