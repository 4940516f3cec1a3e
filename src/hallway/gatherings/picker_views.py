"""The guest picker: suggestions from the directory and the client book, with the reasons
each fits, and inviting the ones a host ticks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hallway.accounts.http import MemberRequest
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.gatherings.models import Gathering
from hallway.gatherings.selectors.gatherings import may_manage
from hallway.gatherings.selectors.picker import COLLEAGUES, CONTACTS, invitee_suggestions
from hallway.gatherings.services.guests import guests_invite, invitees_by_keys
from hallway.people.models import Location, Team


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@require_http_methods(["GET", "POST"])
@role_required()
def gathering_pick(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = get_scoped_or_404(Gathering, request.organisation, pk=pk)
    if not may_manage(user=request.user, role=request.membership.role, gathering=gathering):
        raise PermissionDenied
    if request.method == "POST":
        try:
            invitees = invitees_by_keys(gathering=gathering, keys=request.POST.getlist("invite"))
            if not invitees:
                raise ValidationError(_("Tick the people you would like to invite."))
            result = guests_invite(gathering=gathering, invitees=invitees, by=request.user)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
            return redirect("gatherings:pick", pk=pk)
        messages.success(
            request,
            _("Invited %(invited)s; %(waitlisted)s on the waitlist.")
            % {"invited": result.invited, "waitlisted": result.waitlisted},
        )
        return redirect("gatherings:detail", pk=pk)
    query = request.GET.get("q", "")[:100]
    source = request.GET.get("source", "")
    team = _number(request.GET.get("team", ""))
    location = _number(request.GET.get("location", ""))
    context = {
        "gathering": gathering,
        "suggestions": invitee_suggestions(
            gathering=gathering, query=query, source=source, team=team, location=location
        ),
        "query": query,
        "source": source,
        "team": team,
        "location": location,
        "sources": [("", _("Everyone")), (COLLEAGUES, _("Colleagues")), (CONTACTS, _("Contacts"))],
        "teams": scoped(Team, request.organisation).order_by("name"),
        "locations": scoped(Location, request.organisation).order_by("name"),
    }
    return render(request, "gatherings/pick.html", context)
