"""Duplicates: contacts sharing an address, and merging them after a preview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import role_required, scoped
from hallway.relationships.models import Contact
from hallway.relationships.selectors.pages import duplicate_groups
from hallway.relationships.services.merging import contacts_merge, contacts_merge_plan
from hallway.relationships.views.common import page_url


@role_required(Role.ORGANISER)
def duplicates(request: MemberRequest) -> HttpResponse:
    context = {
        "groups": duplicate_groups(organisation=request.organisation),
        "relationships_tab": "duplicates",
    }
    return render(request, "relationships/duplicates.html", context)


def _ids(values: list[str]) -> list[int]:
    return sorted({int(value) for value in values if value.isdigit()})


@role_required(Role.ORGANISER)
def merge(request: MemberRequest) -> HttpResponse:
    """GET ?ids=1&ids=2[&keep=1]: the preview; POST: the merge."""
    organisation = request.organisation
    source = request.POST if request.method == "POST" else request.GET
    contacts = list(
        scoped(Contact, organisation)
        .filter(pk__in=_ids(source.getlist("ids")))
        .select_related("company")
        .order_by("created_at", "id")
    )
    if len(contacts) < 2:
        messages.error(request, _("Choose two contacts or more to merge."))
        return redirect("relationships:duplicates")
    keep_id = source.get("keep", "")
    # By default the oldest record stays: links to it keep working.
    keep = next((c for c in contacts if str(c.pk) == keep_id), contacts[0])
    others = [c for c in contacts if c.pk != keep.pk]
    if request.method == "POST":
        try:
            kept = contacts_merge(
                organisation=organisation, keep=keep, others=others, by=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("relationships:duplicates")
        messages.success(
            request,
            _("Merged %(count)d contacts into %(name)s.")
            % {"count": len(contacts), "name": kept.name},
        )
        return redirect(page_url(kept))
    plan = contacts_merge_plan(organisation=organisation, keep=keep, others=others)
    context = {"plan": plan, "contacts": contacts, "relationships_tab": "duplicates"}
    return render(request, "relationships/merge.html", context)
