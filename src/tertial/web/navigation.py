"""The app shell's navigation: the main menu (which sections a user is offered, decided by the access
rules, not by templates), the breadcrumbs of an inner page and the header's period picker."""

from dataclasses import dataclass
from functools import partial

from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tertial.core.periods import Period
from tertial.web import pagecache
from tertial.web.accounts.access import is_finance, led_sector_codes, led_unit_codes, sees_live_figures
from tertial.web.audience import visible_periods
from tertial.web.budget import selectors as budget_selectors


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url: str
    current: bool


@dataclass(frozen=True)
class Crumb:
    label: str | Promise
    url: str


def is_leader(user) -> bool:
    """A unit or sector leader who is not finance: their start page is «Mine oppgaver»."""
    return not is_finance(user) and bool(led_unit_codes(user) or led_sector_codes(user))


def _items(request: HttpRequest) -> list[tuple[str | Promise, str]]:
    user = request.user
    items: list[tuple[str | Promise, str]] = []
    if is_leader(user):
        items.append((_("Mine oppgaver"), reverse("rounds:my-tasks")))
    items += [
        (_("Økonomistatus"), reverse("reports:status-index" if is_leader(user) else "reports:status-latest")),
        (_("Politiske vedtak"), reverse("decisions:public")),
        (_("Rapporteringsrunder"), reverse("rounds:round-list")),
    ]
    if sees_live_figures(user):
        items += [
            (_("Bevilgning"), reverse("appropriations:overview-latest")),
            (_("Investeringer"), reverse("investments:index")),
            (_("Finans og gjeld"), reverse("finance:index")),
        ]
    if is_finance(user):
        items += [
            (_("Budsjettforslag"), reverse("proposals:index")),
            (_("Import"), reverse("uploads:upload")),
        ]
    if user.is_staff:
        items.append((_("Administrasjon"), reverse("admin:index")))
    return items


def _crumbs(path: str, items: list[tuple[str | Promise, str]]) -> list[Crumb]:
    """The pages above `path`: the front page, the menu section, and each shorter path that is a page
    of its own (a period's page is named by its end date). Empty on the front page and on a section's
    own page, which the menu marks already."""
    if path == "/" or any(path == url for _label, url in items):
        return []
    labels = {url: label for label, url in items}
    crumbs = [Crumb(_("Forside"), "/")]
    parts = [p for p in path.split("/") if p]
    for n in range(1, len(parts)):
        prefix = "/" + "/".join(parts[:n]) + "/"
        if prefix in labels:
            crumbs.append(Crumb(labels[prefix], prefix))
            continue
        try:
            match = resolve(prefix)
        except Resolver404:
            continue
        year, month = match.kwargs.get("year"), match.kwargs.get("month")
        if isinstance(year, int) and isinstance(month, int):
            try:
                crumbs.append(Crumb(Period(year, month).end_date.strftime("%d.%m.%Y"), prefix))
            except ValueError:  # no such period: the page itself says so
                continue
    return crumbs if len(crumbs) > 1 else []  # «Forside» alone says nothing the brand link does not


def _periods(request: HttpRequest, current: str) -> list[tuple[int, list[tuple[str, str, bool]]]]:
    """The header's period picker: (year, [(value "YYYY-MM", label "MM.YYYY", selected)]) of the periods
    the user may open, newest first (the same list and cache entry as the status page's)."""
    version = pagecache.request_data_version(request)
    live = sees_live_figures(request.user)
    periods = pagecache.cached(
        "periods",
        (live,),
        lambda: visible_periods(request.user, budget_selectors.periods_with_data_all()),
        version=version,
    )
    years: dict[int, list[tuple[str, str, bool]]] = {}
    for year, month in periods:
        value = f"{year}-{month:02d}"
        years.setdefault(year, []).append((value, f"{month:02d}.{year}", value == current))
    return list(years.items())


def main_menu(request: HttpRequest) -> dict[str, object]:
    """Context processor: `main_menu` (the current section marked: aria-current in the template),
    `breadcrumbs`, and the header's period picker (`period_years`, `current_period` "YYYY-MM")."""
    path = request.path
    items = _items(request)
    # The longest matching prefix is current; "/" only on the front page and the status pages.
    best = max((url for _label, url in items if path.startswith(url) and url != "/"), key=len, default=None)
    if best is None and (path == "/" or path.startswith("/status/")):
        best = "/" if "/" in {url for _label, url in items} else reverse("reports:status-index")
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    current = ""
    if isinstance(kwargs.get("year"), int) and isinstance(kwargs.get("month"), int):
        current = f"{kwargs['year']}-{kwargs['month']:02d}"
    return {
        "main_menu": [MenuItem(label, url, url == best) for label, url in items],
        # callables: a template calls them only when it shows them (not in HTMX partials)
        "breadcrumbs": partial(_crumbs, path, items),
        "period_years": partial(_periods, request, current),
        "current_period": current,
    }
