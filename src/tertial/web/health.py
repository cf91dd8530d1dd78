"""Health endpoint for monitoring: 200 when the database answers, 503 when it does not."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tertial import __version__


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "feil", "database": "utilgjengelig", "version": __version__}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor, "version": __version__})
