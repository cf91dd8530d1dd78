"""Rendered data fragments cached per data version (issue 10: the status page and the public pages
under load).

The version is a counter that a database trigger bumps whenever an audit entry is written
(budget migration 0004). Every write goes through a service that records an audit entry inside its
own transaction — imports, forecast edits, round transitions, decisions — so the counter changes in
the same commit as the data, and a fragment cached under one version can never be served for newer
data. Nothing is ever invalidated: a write makes a new key, and old entries age out.

What is cached is only the part of a page that is the same for everyone with the same *audience*
(staff seeing live figures or everyone else seeing published ones, units a user may open, language,
query parameters): the callers put each of those in the key. Navigation, the user's name, the CSRF
token and messages are rendered per request, outside the fragment.

Django's cache framework stores the fragments: a local-memory cache per process by default (each
gunicorn worker keeps its own, which is correct because the key is the data version — a worker
merely renders a version once itself), or Redis/Memcached shared between workers with
TERTIAL_CACHE_URL (settings.py). Writes that bypass the services (SQL by hand, `manage shell`)
do not bump the version; run `tertial manage shell -c "from django.core.cache import cache;
cache.clear()"` for a shared cache, or restart the workers, after such a repair.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

T = TypeVar("T")

TIMEOUT = 60 * 60  # seconds; a version is superseded by the next write, this only bounds memory


def data_version() -> int | None:
    """The current data version; None when the counter row is missing (then nothing is cached)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM budget_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return int(row[0]) if row else None


def request_data_version(request: Any) -> int | None:
    """The data version, read once per request for the page frame's context processors (the header's
    theme and periods), which render after the view's writes."""
    if not hasattr(request, "_tertial_data_version"):
        request._tertial_data_version = data_version()
    return request._tertial_data_version


def cache_key(name: str, version: int, parts: Iterable[Any]) -> str:
    """A key naming the fragment, the database, the version, the language and the caller's parts."""
    raw = repr((connection.settings_dict.get("NAME"), version, get_language(), tuple(parts)))
    return f"tertial:{name}:{version}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def cached(name: str, parts: Iterable[Any], build: Callable[[], T], *, version: int | None = None) -> T:
    """`build()` once per (data version, parts); afterwards the stored result.

    Read the version *before* the data (callers pass `version` when they read it earlier): a
    write committed in between then at worst stores newer data under the older key, never
    older data under a newer one.
    """
    if version is None:
        version = data_version()
    if version is None:
        return build()
    key = cache_key(name, version, parts)
    hit = cache.get(key)
    if hit is None:
        hit = build()
        cache.set(key, hit, TIMEOUT)
    return hit
