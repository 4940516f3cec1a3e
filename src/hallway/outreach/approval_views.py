"""The human side of outreach's messages: the approval queue, the messages a user sent,
their signature, and the organisation's outreach settings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.settings_views import section_tabs
from hallway.accounts.tenancy import role_required, scoped
from hallway.outreach.approval_forms import (
    ApprovalForm,
    OutreachSettingsForm,
    SenderProfileForm,
)
from hallway.outreach.models import MessageStatus, PersonalMessage
from hallway.outreach.selectors.approvals import (
    HISTORY_LIMIT,
    QUEUE_LIMIT,
    approvals_queue,
    may_decide,
    messages_of,
    origins_of,
    problem_label,
    queue_rows,
)
from hallway.outreach.selectors.settings import outreach_settings_of, sender_profile_of
from hallway.outreach.services.personal import personal_message_approve, personal_message_discard
from hallway.outreach.tabs import outreach_tabs


def _is_admin(request: MemberRequest) -> bool:
    return request.membership.has_role(Role.ADMIN)


def _everyone(request: MemberRequest) -> bool:
    """Admins may look at (and decide on) everyone's waiting messages."""
    wanted = request.POST.get("everyone") or request.GET.get("everyone")
    return _is_admin(request) and wanted == "1"


def _queue_url(everyone: bool) -> str:
    url = reverse("outreach:approvals")
    return f"{url}?everyone=1" if everyone else url


def _decidable(request: MemberRequest) -> QuerySet[PersonalMessage]:
    found = scoped(PersonalMessage, request.organisation).select_related(
        "contact__company", "owner"
    )
    return found if _is_admin(request) else found.filter(owner=request.user)


def _queue_page(
    request: MemberRequest,
    *,
    everyone: bool,
    bound: dict[int, ApprovalForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = request.organisation
    queue = approvals_queue(organisation=organisation, user=None if everyone else request.user)
    shown = list(queue[:QUEUE_LIMIT])
    rows = queue_rows(organisation=organisation, messages=shown, now=timezone.now())
    forms = bound or {}
    context: dict[str, Any] = {
        "tabs": outreach_tabs(request, "outreach:approvals"),
        "rows": [
            (row, forms.get(row.message.pk) or ApprovalForm(message=row.message)) for row in rows
        ],
        "total": queue.count(),
        "everyone": everyone,
        "admin": _is_admin(request),
    }
    return render(request, "outreach/approvals/queue.html", context, status=status)


def _approve(
    request: MemberRequest, message: PersonalMessage, form: ApprovalForm
) -> PersonalMessage | None:
    try:
        return personal_message_approve(
            message=message,
            by=request.user,
            now=timezone.now(),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
    except ValidationError as exc:
        messages.error(request, f"{message.contact.name}: {' '.join(exc.messages)}")
        return None


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def approvals(request: MemberRequest) -> HttpResponse:
    """The queue; a POST approves every message shown, with the words as they stand."""
    everyone = _everyone(request)
    if request.method == "GET":
        return _queue_page(request, everyone=everyone)
    ids = [int(value) for value in request.POST.getlist("shown") if value.isdigit()]
    targets = list(_decidable(request).filter(pk__in=ids, status=MessageStatus.PENDING))
    forms = {message.pk: ApprovalForm(request.POST, message=message) for message in targets}
    # Every form is checked, so each row shows its own problem.
    valid = [form.is_valid() for form in forms.values()]
    if not all(valid):
        messages.error(request, _("Some messages need a subject and a text; nothing was approved."))
        return _queue_page(request, everyone=everyone, bound=forms, status=400)
    approved = sum(_approve(request, message, forms[message.pk]) is not None for message in targets)
    if approved:
        messages.success(
            request,
            ngettext(
                "One message approved: it goes inside its contact's working hours.",
                "%(count)d messages approved: each goes inside its contact's working hours.",
                approved,
            )
            % {"count": approved},
        )
    return redirect(_queue_url(everyone))


@role_required(Role.MEMBER)
@require_POST
def approval_decide(request: MemberRequest, pk: int) -> HttpResponse:
    """Approve (with the edits sent) or discard one message; its owner or an admin only."""
    message = get_object_or_404(
        scoped(PersonalMessage, request.organisation).select_related("contact__company", "owner"),
        pk=pk,
    )
    if not may_decide(message, request.user, admin=_is_admin(request)):
        raise PermissionDenied
    everyone = _everyone(request)
    decision = request.POST.get("decision")
    if decision == "discard":
        try:
            message = personal_message_discard(message=message, by=request.user, now=timezone.now())
            messages.success(
                request,
                _("Discarded: the message to %(name)s will not be sent.")
                % {"name": message.contact.name},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    elif decision == "approve":
        form = ApprovalForm(request.POST, message=message)
        if not form.is_valid():
            return _queue_page(request, everyone=everyone, bound={message.pk: form}, status=400)
        approved = _approve(request, message, form)
        if approved is not None:
            message = approved
            messages.success(
                request,
                _("Approved: the message to %(name)s goes inside their working hours.")
                % {"name": message.contact.name},
            )
    else:
        return HttpResponse(status=400)
    return redirect(_queue_url(everyone))


@role_required(Role.MEMBER)
def messages_sent(request: MemberRequest) -> HttpResponse:
    """The signed-in user's messages past the queue, newest first."""
    organisation = request.organisation
    found = messages_of(organisation=organisation, user=request.user)
    shown = list(found[:HISTORY_LIMIT])
    origins = origins_of(organisation, shown)
    return render(
        request,
        "outreach/approvals/messages.html",
        {
            "tabs": outreach_tabs(request, "outreach:messages"),
            "rows": [(message, origins[message.pk], problem_label(message)) for message in shown],
            "total": found.count(),
            "waiting": approvals_queue(organisation=organisation, user=request.user).count(),
        },
    )


@role_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def signature(request: MemberRequest) -> HttpResponse:
    """The user's own signature under outreach's messages, and their own daily limit."""
    organisation = request.organisation
    form = SenderProfileForm(
        request.POST or None,
        instance=sender_profile_of(organisation, request.user),
        organisation=organisation,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your signature is saved."))
        return redirect("outreach:signature")
    return render(
        request,
        "outreach/approvals/signature.html",
        {"tabs": outreach_tabs(request, "outreach:signature"), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def settings_view(request: MemberRequest) -> HttpResponse:
    form = OutreachSettingsForm(
        request.POST or None, instance=outreach_settings_of(request.organisation)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Settings saved."))
        return redirect("outreach:settings")
    return render(
        request,
        "outreach/approvals/settings.html",
        {"tabs": section_tabs(request, "outreach:settings"), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
