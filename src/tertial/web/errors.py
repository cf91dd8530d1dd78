"""Error pages (templates 403.html, 404.html, 500.html and 503.html): Norwegian, in the site's layout.

A write that still cannot get SQLite's lock after the busy timeout (settings.py) is not a server
fault: the user gets "busy, try again" (HTTP 503 with Retry-After), never a 500. The middleware
turns the view's OperationalError into that page (also with DEBUG on); `server_error`, the
handler500, does the same for one raised elsewhere (a middleware saving the session) and renders
the self-contained 500 page for everything else."""

import logging
import sqlite3
import sys
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
BUSY_TEXT = "Databasen er opptatt med en annen lagring akkurat nå. Ingenting er lagret: prøv igjen om litt."


def is_database_busy(exc: BaseException | None) -> bool:
    """SQLite's «database is locked» (or «database table is locked»), as Django or sqlite3 raise it."""
    return isinstance(exc, OperationalError | sqlite3.OperationalError) and "is locked" in str(exc)


def busy_response(request: HttpRequest) -> HttpResponse:
    """The 503 page in the normal layout; a plain page if even that cannot be rendered."""
    try:
        body = loader.render_to_string("503.html", {"busy_text": BUSY_TEXT}, request)
    except Exception:  # the layout reads the user and the menu from the database: do not fail twice
        log.exception("503-siden kunne ikke vises med menyen")
        body = loader.render_to_string("503_plain.html", {"busy_text": BUSY_TEXT})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_busy(exception):
            log.warning("Databasen var låst; svarte 503: %s %s", request.method, request.path)
            return busy_response(request)
        return None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form could not be accepted (an old page, cookies off). Nothing was saved;
    the page says so in Norwegian, with the menu, and how to go on."""
    log.warning("CSRF avvist: %s %s (%s)", request.method, request.path, reason)
    body: str
    try:
        body = loader.render_to_string("403_csrf.html", {"reason": reason}, request)
    except Exception:  # the layout reads the database: do not fail twice
        log.exception("CSRF-siden kunne ikke vises med menyen")
        body = "<h1>Skjemaet ble avvist (403)</h1><p>Last siden på nytt og prøv igjen.</p>"
    return HttpResponse(body, status=403)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it inside its `except`, so the exception is still at hand."""
    if is_database_busy(sys.exc_info()[1]):
        return busy_response(request)
    try:
        return defaults.server_error(request)  # 500.html, rendered without a request context
    except Exception:
        return HttpResponseServerError("<h1>Serverfeil (500)</h1>", content_type="text/html")
