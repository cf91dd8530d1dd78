"""Reads of the notifications app: a user's notifications and unread count, a round's reminder log,
whether an address follows a case."""

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from .models import Notification, ReminderLog

LIST_LIMIT = 100
# The bell's count is kept in the cache for a minute, so that a page costs no query for it; it is
# dropped when the user's notifications change (services.unread_forget). With a cache per process
# (no TERTIAL_CACHE_URL), another worker's page may show the old count for up to this long.
UNREAD_SECONDS = 60


def unread_key(user_id: int) -> str:
    return f"tertial:notifications:unread:{user_id}"


def notification_list(*, user: Any, limit: int = LIST_LIMIT) -> list[Notification]:
    """The user's newest notifications, unread and read."""
    return list(Notification.objects.filter(user=user)[:limit])


def notification_unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    key = unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return int(count)


def reminder_log_list(*, round_id: int) -> QuerySet[ReminderLog]:
    """Who was reminded of which unit when, newest first (the round page shows it to finance)."""
    return ReminderLog.objects.filter(round_id=round_id).select_related("unit").order_by("-sent_at", "unit__code")
