"""The calendar feed itself (public, by its secret address) and the page where a member
creates or revokes their own."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.settings_views import section_tabs
from hallway.accounts.tenancy import role_required, scoped
from hallway.messaging.feeds import (
    calendar_feed_create,
    calendar_feed_find,
    calendar_feed_ics,
    calendar_feed_revoke,
)
from hallway.messaging.models import CalendarFeed
from hallway.people.models import Person


def calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    feed = calendar_feed_find(key)
    if feed is None:
        raise Http404
    response = HttpResponse(
        calendar_feed_ics(feed=feed, now=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=900"
    return response


@role_required(Role.MEMBER)
def my_calendar(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    person = scoped(Person, organisation).filter(user=request.user).first()
    new_url = ""
    if request.method == "POST" and person is not None:
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(person=person)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("messaging:my_calendar")
        _feed, new_url = calendar_feed_create(person=person)
    active = (
        CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()
        if person
        else None
    )
    return render(
        request,
        "messaging/my_calendar.html",
        {
            "tabs": section_tabs(request, "messaging:my_calendar"),
            "person": person,
            "active": active,
            "new_url": new_url,
        },
    )
