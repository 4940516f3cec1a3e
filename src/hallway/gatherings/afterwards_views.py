"""The host's page after a gathering: who said yes and who was in the rooms, the average
rating, the connections made (mutual wishes to meet again) and the one-way wishes."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from hallway.accounts.http import MemberRequest
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.gatherings.models import Gathering
from hallway.gatherings.selectors.gatherings import may_manage
from hallway.gatherings.services.afterwards import MIN_RATINGS_SHOWN, gathering_afterwards


@role_required()
def gathering_afterwards_view(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = get_scoped_or_404(Gathering, request.organisation, pk=pk)
    if not may_manage(user=request.user, role=request.membership.role, gathering=gathering):
        raise PermissionDenied
    summary = gathering_afterwards(gathering=gathering)
    context = {
        "gathering": gathering,
        "summary": summary,
        "min_ratings": MIN_RATINGS_SHOWN,
    }
    return render(request, "gatherings/afterwards.html", context)
