"""The project card: for members, and for the client through a signed link (no login).

The public page says nothing about why a link does not work (forged, altered, expired or
revoked all look alike) and answers 404; it is never indexed and sends no referrer, so the
token does not travel on. Photos come from a view that checks membership or the token.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.links import InvalidLink
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, has_role, role_required, scoped
from hallway.projects.card_links import card_project, card_url
from hallway.projects.models import Project, RosterMember
from hallway.projects.selectors.card import project_card
from hallway.projects.services.projects import project_card_revoke


@role_required(Role.MEMBER)
@require_GET
def card(request: MemberRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(
        Project.objects.select_related("company"), request.organisation, pk=pk
    )
    manage = has_role(request, Role.ORGANISER)
    return render(
        request,
        "projects/card.html",
        {
            "layout": "base.html",
            "public": False,
            "card": project_card(project=project, now=timezone.now()),
            "manage": manage,
            "share_url": card_url(project) if manage else "",
        },
    )


@role_required(Role.ORGANISER)
@require_POST
def card_revoke(request: MemberRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(Project, request.organisation, pk=pk)
    project_card_revoke(project=project)
    messages.success(
        request, _("The card links shared so far no longer work. Share the new link below.")
    )
    return redirect("projects:card", pk=project.pk)


def _not_found(request: HttpRequest) -> HttpResponse:
    response = render(request, "messaging/link_invalid.html", {"problem": "invalid"}, status=404)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def card_public(request: HttpRequest, token: str) -> HttpResponse:
    try:
        project = card_project(token)
    except InvalidLink:
        return _not_found(request)
    zone = project.timezone or project.organisation.timezone
    with timezone.override(zone):
        response = render(
            request,
            "projects/card.html",
            {
                "layout": "messaging/_public.html",
                "public": True,
                "card": project_card(project=project, now=timezone.now()),
                "token": token,
            },
        )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


def _photo(member: RosterMember | None) -> HttpResponse:
    if member is None or not member.photo:
        raise Http404
    response = HttpResponse(bytes(member.photo), content_type="image/jpeg")
    # The URL carries the photo's version: a new photo is a new URL.
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(Role.MEMBER)
@require_GET
def member_photo(request: MemberRequest, pk: int, member_pk: int) -> HttpResponse:
    member = (
        scoped(RosterMember, request.organisation)
        .filter(pk=member_pk, project_id=pk)
        .only("photo")
        .first()
    )
    return _photo(member)


@require_GET
def card_photo(request: HttpRequest, token: str, member_pk: int) -> HttpResponse:
    try:
        project = card_project(token)
    except InvalidLink as exc:
        raise Http404 from exc
    member = (
        RosterMember.objects.filter(
            pk=member_pk, project=project, organisation_id=project.organisation_id
        )
        .only("photo")
        .first()
    )
    return _photo(member)
