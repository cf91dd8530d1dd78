"""Atom feed: status changes and new follow-up log entries."""

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import LogEntry, StatusChange


class DecisionsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Politiske vedtak – oppfølging")
    subtitle = gettext_lazy("Statusendringer og nye oppfølgingsnotater")
    link = reverse_lazy("decisions:public")

    def get_object(self, request: Any, *args: Any, **kwargs: Any) -> str:
        """The site's absolute root, for the entries' ids (the feed object is shared by requests)."""
        return str(request.build_absolute_uri("/"))

    def items(self, obj: str) -> list[Any]:
        changes = list(StatusChange.objects.select_related("point__case").order_by("-changed_at", "-pk")[:50])
        entries = list(LogEntry.objects.select_related("point__case").order_by("-created_at", "-pk")[:50])
        items: list[Any] = changes + entries
        items.sort(key=self._when, reverse=True)
        for item in items:
            item.feed_root = obj.rstrip("/")
        return items[:50]

    @staticmethod
    def _when(item: Any) -> datetime:
        return item.changed_at if isinstance(item, StatusChange) else item.created_at

    def item_title(self, item: Any) -> str:
        names = {"reference": item.point.case.reference, "number": item.point.number}
        if isinstance(item, StatusChange):
            return _("%(reference)s punkt %(number)s: status %(status)s") % {
                **names,
                "status": item.get_new_status_display(),
            }
        return _("%(reference)s punkt %(number)s: ny oppfølging") % names

    def item_description(self, item: Any) -> str:
        if isinstance(item, StatusChange):
            return item.point.text
        return item.text

    def item_link(self, item: Any) -> str:
        return reverse("decisions:case", args=[item.point.case_id]) + f"#punkt-{item.point_id}"

    item_guid_is_permalink = False

    def item_guid(self, item: Any) -> str:
        """An absolute, stable id per entry (Atom requires an IRI): the point's URL and the entry."""
        kind = "status" if isinstance(item, StatusChange) else "logg"
        return f"{item.feed_root}{self.item_link(item)}-{kind}-{item.pk}"

    def item_updateddate(self, item: Any) -> datetime:
        return self._when(item)

    def item_pubdate(self, item: Any) -> datetime:
        return self._when(item)
