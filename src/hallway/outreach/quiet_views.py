"""The "Quiet clients" pages: the open proposals (mine, or everyone's for organisers) and
one proposal with the owner's brief and the three human answers (a call, a seat at a
gathering, a note), or a dismissal. Organisers and the owner act; members read their own.
And the "Import" page: inbound events from a CSV file, previewed, then applied."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import role_required, scoped
from hallway.core.timezones import organisation_today
from hallway.gatherings.interface import upcoming_open_gatherings
from hallway.outreach.models import ProposalStatus, QuietProposal
from hallway.outreach.quiet_forms import (
    EventFileForm,
    QuietCallForm,
    QuietDismissForm,
    QuietInviteForm,
    QuietNoteForm,
)
from hallway.outreach.selectors.quiet import (
    may_act,
    proposal_brief,
    proposal_visible,
    proposals_of,
    quiet_note_draft,
)
from hallway.outreach.services.event_import import (
    EventFileError,
    event_import_apply,
    event_import_preview,
)
from hallway.outreach.services.quiet import (
    proposal_task,
    quiet_call,
    quiet_call_slots,
    quiet_dismiss,
    quiet_invite,
    quiet_note_send,
)
from hallway.outreach.tabs import outreach_tabs
from hallway.relationships.interface import contact_side

ACTIONS = ("call", "invite", "note", "dismiss")
GATHERINGS_OFFERED = 5


@role_required(Role.MEMBER)
def quiet_list(request: MemberRequest) -> HttpResponse:
    organiser = request.membership.has_role(Role.ORGANISER)
    everyone = organiser and request.GET.get("who") == "all"
    proposals = proposals_of(
        organisation=request.organisation, user=request.user, everyone=everyone
    )[:200]
    return render(
        request,
        "outreach/quiet/list.html",
        {
            "tabs": outreach_tabs(request, "outreach:quiet"),
            "proposals": proposals,
            "everyone": everyone,
            "organiser": organiser,
        },
    )


def _proposal(request: MemberRequest, pk: int) -> QuietProposal:
    proposal = get_object_or_404(
        scoped(QuietProposal, request.organisation).select_related(
            "company", "contact__company", "owner", "organisation"
        ),
        pk=pk,
    )
    if not proposal_visible(proposal=proposal, user=request.user, role=request.membership.role):
        raise Http404
    return proposal


def _forms(request: MemberRequest, proposal: QuietProposal, bound: str | None) -> dict[str, Form]:
    now = timezone.now()
    data = request.POST if bound else None
    organisation = proposal.organisation
    zone = (
        contact_side(organisation=organisation, contact=proposal.contact).timezone
        if proposal.contact is not None
        else organisation.timezone
    )
    gatherings = upcoming_open_gatherings(
        organisation, now, GATHERINGS_OFFERED, host=proposal.owner
    )
    subject, body, _language = quiet_note_draft(
        proposal=proposal, today=organisation_today(organisation, now)
    )
    return {
        "call": QuietCallForm(
            data if bound == "call" else None,
            starts=quiet_call_slots(proposal=proposal, now=now),
            contact_timezone=zone,
            prefix="call",
        ),
        "invite": QuietInviteForm(
            data if bound == "invite" else None, gatherings=gatherings, prefix="invite"
        ),
        "note": QuietNoteForm(
            data if bound == "note" else None,
            initial={"subject": subject, "body": body},
            prefix="note",
        ),
        "dismiss": QuietDismissForm(data if bound == "dismiss" else None, prefix="dismiss"),
    }


def _act(request: MemberRequest, proposal: QuietProposal, action: str, form: Form) -> str:
    """Run the chosen answer; returns the success message."""
    now, by, data = timezone.now(), request.user, form.cleaned_data
    if action == "call":
        call = quiet_call(proposal=proposal, by=by, now=now, start=data["start"])
        return _("The invitations for the call on %(when)s are on their way.") % {
            "when": timezone.localtime(call.start).strftime("%Y-%m-%d %H:%M")
        }
    if action == "invite":
        what = quiet_invite(proposal=proposal, gathering_id=data["gathering"], by=by, now=now)
        if what == "already":
            return _("They were on the guest list already.")
        return _("The invitation is on its way.")
    if action == "note":
        quiet_note_send(
            proposal=proposal, by=by, subject=data["subject"], body=data["body"], now=now
        )
        return _("Your note goes out inside their working hours.")
    quiet_dismiss(proposal=proposal, by=by, now=now, reason=data["reason"])
    return _("Dismissed: no automated mail will go.")


@role_required(Role.MEMBER)
def quiet_detail(request: MemberRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    acting = proposal.status == ProposalStatus.OPEN and may_act(
        proposal=proposal, user=request.user, role=request.membership.role
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and (not acting or action not in ACTIONS):
        raise Http404
    forms = _forms(request, proposal, action) if acting else {}
    if action is not None:
        form = forms[action]
        if form.is_valid():
            try:
                done = _act(request, proposal, action, form)
            except ValidationError as error:
                for text in error.messages:
                    form.add_error(None, text)
            else:
                messages.success(request, done)
                return redirect(reverse("outreach:quiet_detail", args=[proposal.pk]))
    now = timezone.now()
    brief = proposal_brief(proposal=proposal, today=organisation_today(proposal.organisation, now))
    context: dict[str, Any] = {
        "tabs": outreach_tabs(request, "outreach:quiet"),
        "proposal": proposal,
        "acting": acting,
        "forms": forms,
        "brief": brief.as_context() if brief is not None else None,
        "task": proposal_task(proposal),
    }
    return render(
        request, "outreach/quiet/detail.html", context, status=400 if action is not None else 200
    )


@role_required(Role.ORGANISER)
def event_import(request: MemberRequest) -> HttpResponse:
    """Upload → preview (each row's problem, nothing written) → apply (all or nothing).
    The file travels with the apply form, so nothing is kept between the two steps."""
    context: dict[str, Any] = {"tabs": outreach_tabs(request, "outreach:event_import")}
    form = EventFileForm()
    status = 200
    if request.method == "POST":
        now = timezone.now()
        applying = "content" in request.POST
        if applying:
            content = request.POST["content"].encode("utf-8")
        else:
            form = EventFileForm(request.POST, request.FILES)
            content = b""
            if form.is_valid():
                content = form.cleaned_data["file"].read(6 * 1024 * 1024)
        if content:
            run = event_import_apply if applying else event_import_preview
            try:
                result = run(organisation=request.organisation, content=content, now=now)
            except EventFileError as error:
                form.add_error(None if applying else "file", " ".join(error.messages))
                status = 400
            else:
                if result.applied:
                    count = len(result.rows)
                    messages.success(
                        request,
                        ngettext("%(count)d event applied.", "%(count)d events applied.", count)
                        % {"count": count},
                    )
                    return redirect(reverse("outreach:event_import"))
                context["result"] = result
                context["content"] = content.decode("utf-8-sig")
                if result.problems:
                    status = 400
        else:
            status = 400
    context["form"] = form
    return render(request, "outreach/quiet/event_import.html", context, status=status)
