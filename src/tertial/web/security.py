"""Login throttling (django-axes) as this project uses it.

`ThrottlingBackend` is axes' standalone backend, first in AUTHENTICATION_BACKENDS: it refuses a login
for a username+IP pair that is locked out, before ModelBackend checks the password. Every login over
HTTP (the login page, the admin) passes the request, so every one is throttled. A call without a
request (Django's test client `login()`, a management command) has no client address to throttle
by; axes would raise for it, this backend lets the next backend decide instead.
"""

import ipaddress
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class ThrottlingBackend(AxesStandaloneBackend):
    def authenticate(
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


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for throttling (AXES_CLIENT_IP_CALLABLE): the header the reverse proxy sets
    (settings.TERTIAL_CLIENT_IP_HEADER, e.g. X-Real-IP) when configured and valid, else REMOTE_ADDR.
    Only a header the proxy overwrites may be named: a client can send any header it likes."""
    header = settings.TERTIAL_CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").strip()
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")
