"""``/healthz``: is the database reachable? For load balancers and the run command."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse(
            {"code": "unavailable", "message": "The database is not reachable."}, status=503
        )
    return JsonResponse({"status": "ok"})
