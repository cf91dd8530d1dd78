"""Login throttling (django-axes) as this project uses it.

`ThrottlingBackend` is axes' standalone backend, first in AUTHENTICATION_BACKENDS: it refuses a login
for a username+IP pair that is locked out, before ModelBackend checks the password. Every login over
HTTP (the login page, the admin) passes the request, so every one is throttled. A call without a
request (Django's test client `login()`, a management command) has no client address to throttle
by; axes would raise for it, this backend lets the next backend decide instead.
"""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class ThrottlingBackend(AxesStandaloneBackend):
    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """The Norwegian lockout page (AXES_LOCKOUT_CALLABLE), status 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/lockout.html", context, status=429)
