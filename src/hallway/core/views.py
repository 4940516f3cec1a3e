from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from hallway.core.readiness import readiness


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. It touches nothing, so a database outage does not get
    every instance restarted; that is what /readyz reports."""
    return JsonResponse({"status": "ok"})


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    ready, checks = readiness()
    return JsonResponse(
        {"status": "ok" if ready else "not_ready", "checks": checks}, status=200 if ready else 503
    )
