"""Pages for a contact's GDPR rights (export as JSON or vCard, erase), the retention review
and the organisation's client book settings."""

import json

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.settings_views import section_tabs
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.relationships.models import Contact, RelationshipSettings
from hallway.relationships.selectors.settings import relationship_settings
from hallway.relationships.services.privacy import (
    contact_erase,
    contact_erasure_summary,
    contact_export,
)
from hallway.relationships.services.retention import (
    contact_erase_on,
    contact_keep,
    contacts_for_review,
)


def _exportable(request: MemberRequest, pk: int) -> Contact:
    """The data subject's export: for organisers and up, and for the contact's owners (for
    anyone else the page does not exist, as `role_required` answers)."""
    contact = get_scoped_or_404(Contact, request.organisation, pk=pk)
    if not (
        request.membership.has_role(Role.ORGANISER)
        or contact.owners.filter(pk=request.user.pk).exists()
    ):
        raise Http404
    return contact


def _download(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.MEMBER)
@require_GET
def contact_export_json(request: MemberRequest, pk: int) -> HttpResponse:
    """Everything about the contact (GDPR Art. 15/20), every note included."""
    contact = _exportable(request, pk)
    data = contact_export(contact=contact, actor=request.user, form="json")
    name = slugify(contact.name) or "contact"
    return _download(
        json.dumps(data, ensure_ascii=False, indent=2),
        "application/json; charset=utf-8",
        f"{name}.json",
    )


@role_required(Role.MEMBER)
@require_GET
def contact_export_vcard(request: MemberRequest, pk: int) -> HttpResponse:
    contact = _exportable(request, pk)
    card = contact_export(contact=contact, actor=request.user, form="vcard")
    name = slugify(contact.name) or "contact"
    return _download(card, "text/vcard; charset=utf-8", f"{name}.vcf")


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def contact_erase_confirm(request: MemberRequest, pk: int) -> HttpResponse:
    """What erasing would remove (GET); erase (POST). Admins only."""
    contact = get_scoped_or_404(Contact, request.organisation, pk=pk)
    if request.method == "POST":
        name = contact.name
        contact_erase(contact=contact, actor=request.user)
        messages.success(request, _("%(name)s was erased.") % {"name": name})
        return redirect("relationships:retention")
    return render(
        request,
        "relationships/privacy/erase_confirm.html",
        {"contact": contact, "counts": contact_erasure_summary(contact=contact)},
    )


@role_required(Role.ADMIN)
@require_GET
def retention_review(request: MemberRequest) -> HttpResponse:
    """Contacts silent for longer than the retention period: keep or erase each."""
    organisation = request.organisation
    settings = relationship_settings(organisation)
    today = timezone.localdate()
    contacts = list(contacts_for_review(organisation=organisation, today=today)[:500])
    rows = [{"contact": c, "erase_on": contact_erase_on(c, settings)} for c in contacts]
    return render(
        request,
        "relationships/privacy/retention.html",
        {"settings": settings, "rows": rows, "today": today},
    )


@role_required(Role.ADMIN)
@require_POST
def contact_keep_view(request: MemberRequest, pk: int) -> HttpResponse:
    contact = get_scoped_or_404(Contact, request.organisation, pk=pk)
    contact_keep(contact=contact, today=timezone.localdate())
    messages.success(request, _("%(name)s is kept.") % {"name": contact.name})
    return redirect("relationships:retention")


class RelationshipSettingsForm(forms.ModelForm[RelationshipSettings]):
    class Meta:
        model = RelationshipSettings
        fields = ["retention_months", "retention_grace_days", "mail_bodies"]


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def settings_view(request: MemberRequest) -> HttpResponse:
    settings = relationship_settings(request.organisation)
    form = RelationshipSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("relationships:settings")
    return render(
        request,
        "relationships/privacy/settings.html",
        {"tabs": section_tabs(request, "relationships:settings"), "form": form},
    )
