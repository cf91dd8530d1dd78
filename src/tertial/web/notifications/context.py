"""Context processor: the unread count of the bell in the header (templates/notifications/_bell.html)."""

from typing import Any

from django.http import HttpRequest

from .selectors import notification_unread_count


def notifications_bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": notification_unread_count(user=user)}
