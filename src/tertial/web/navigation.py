"""The main menu: which sections a user is offered, decided by the access rules, not by templates."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tertial.web.accounts.access import is_finance, sees_live_figures


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url: str
    current: bool


def _items(request: HttpRequest) -> list[tuple[str | Promise, str]]:
    user = request.user
    items: list[tuple[str | Promise, str]] = [
        (_("Økonomistatus"), reverse("reports:status-latest")),
        (_("Politiske vedtak"), reverse("decisions:public")),
        (_("Rapporteringsrunder"), reverse("rounds:round-list")),
    ]
    if user.is_authenticated:
        items.append((_("Mine enheter"), reverse("rounds:my-tasks")))
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


def main_menu(request: HttpRequest) -> dict[str, list[MenuItem]]:
    """Context processor: `main_menu`, the current section marked (aria-current in the template)."""
    path = request.path
    items = _items(request)
    # The longest matching prefix is current; "/" only on the front page and the status pages.
    best = max((url for _label, url in items if path.startswith(url) and url != "/"), key=len, default=None)
    if best is None and (path == "/" or path.startswith("/status/")):
        best = "/"
    return {"main_menu": [MenuItem(label, url, url == best) for label, url in items]}
