from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hallway.core.navigation import UPCOMING_CAPABILITIES
from hallway.core.tenancy import role_required
from hallway.people.selectors import (
    directory_overview,
    locations_with_people_count,
    upcoming_starters,
)


@role_required()
def home(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    context = {
        "overview": directory_overview(organisation=organisation),
        "starters": upcoming_starters(organisation=organisation, today=timezone.localdate()),
        "locations": locations_with_people_count(organisation=organisation),
    }
    return render(request, "core/home.html", context)


@role_required()
def capability_soon(request: HttpRequest, capability: str) -> HttpResponse:
    if capability not in UPCOMING_CAPABILITIES:
        raise Http404
    return render(request, "core/soon.html", {"capability": UPCOMING_CAPABILITIES[capability]})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
