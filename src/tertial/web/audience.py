"""Who sees what of one period: the one audience rule every page, selector, cache key, report and
export asks (`audience_for`).

- Finance, administrators and unit and sector leaders see the live figures, drafts included
  (accounts.access.sees_live_figures); council members and the public see a period only once its
  round is locked and published, and then the round's frozen snapshot.
- Another unit's saved but unsubmitted draft (task state DRAFT) is written to the live figures;
  until it is submitted only finance and the unit's own unit and sector leaders see it. Everyone
  else gets such a unit as "prognose ikke meldt", without its comment (`withheld_units`).
- The status table links a unit to its round page only for those who may open that page
  (`linkable_units`: finance all, leaders their own units, others none).

The round state is read from the rounds app's tables by model label (as a ForeignKey("rounds.Round")
would), so that every app — budget and forecasting below rounds included — may ask without importing
the rounds app.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tertial.core.rounds import RoundState, TaskState
from tertial.web.accounts.access import User, readable_unit_codes, sees_live_figures

NOT_PUBLISHED = "Perioden er ikke publisert."


@dataclass(frozen=True)
class Audience:
    """What `user` sees of (year, month)."""

    year: int
    month: int
    live: bool  # the live figures (drafts included); False: the published snapshot only
    published: bool  # the period's round is locked and published
    visible_units: frozenset[str] | None  # units whose pages and drafts the user may read; None: all
    withheld_units: frozenset[str]  # other units' unsubmitted drafts, shown as not reported
    linkable_units: frozenset[str] | None  # units the status table links to their round page; None: all

    @property
    def may_view(self) -> bool:
        """Live figures, or the period's round is locked and published."""
        return self.live or self.published

    @property
    def published_only(self) -> bool:
        return not self.live

    @property
    def cache_key(self) -> tuple[bool, tuple[str, ...] | None, tuple[str, ...]]:
        """Everything about the reader a cached fragment of this period may depend on (pagecache)."""
        units = None if self.linkable_units is None else tuple(sorted(self.linkable_units))
        return (self.live, units, tuple(sorted(self.withheld_units)))


def audience_for(user: User, year: int, month: int) -> Audience:
    readable = readable_unit_codes(user)
    units = None if readable is None else frozenset(readable)
    return Audience(
        year=year,
        month=month,
        live=sees_live_figures(user),
        published=period_published(year, month),
        visible_units=units,
        withheld_units=withheld_by_month(user, year).get(month, frozenset()),
        linkable_units=units,
    )


def period_required(audience: Audience) -> None:
    """A 404 for a period the reader may not see (council and public before it is published): the
    same answer as a period without figures, so nothing tells whether a draft exists."""
    if not audience.may_view:
        raise Http404(NOT_PUBLISHED)


def period_published(year: int, month: int) -> bool:
    """The period's round is locked and published."""
    rounds = apps.get_model("rounds", "Round").objects
    return bool(rounds.filter(budget_year__year=year, period=month, state=RoundState.LOCKED, published=True).exists())


def published_periods() -> list[tuple[int, int]]:
    """(year, month) of the locked and published rounds, newest first."""
    rows = (
        apps.get_model("rounds", "Round")
        .objects.filter(state=RoundState.LOCKED, published=True)
        .values_list("budget_year__year", "period")
    )
    return sorted(rows, reverse=True)


def visible_periods(user: User, periods: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (year, month) pairs of `periods` that `user` may open, newest first."""
    if sees_live_figures(user):
        return sorted(periods, reverse=True)
    published = set(published_periods())
    return sorted((p for p in periods if p in published), reverse=True)


def withheld_by_month(user: User, year: int) -> dict[int, frozenset[str]]:
    """month → the units of `year` whose unsubmitted draft `user` may not read (see the module
    docstring). Empty for finance."""
    readable = readable_unit_codes(user)
    if readable is None:
        return {}
    out: dict[int, set[str]] = {}
    drafts = apps.get_model("rounds", "Task").objects.filter(round__budget_year__year=year, state=TaskState.DRAFT)
    for month, code in drafts.values_list("round__period", "unit__code"):
        if code not in readable:
            out.setdefault(month, set()).add(code)
    return {m: frozenset(codes) for m, codes in out.items()}


def published_required(audience: Audience) -> None:
    """A 403 for a period the reader may not see yet (the appropriation overview's answer)."""
    if not audience.may_view:
        raise PermissionDenied(NOT_PUBLISHED)
