"""Content sharing's pages: segments (with a live count and the first names), shared
articles (their figures, a preview of who gets what, sending once), and the click-through
redirect in the mails.

Every member reads; organisers and up write and send.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.outreach.campaign_forms import (
    CampaignForm,
    SegmentForm,
    campaign_initial,
    segment_filter_lines,
    segment_initial,
)
from hallway.outreach.models import Campaign, CampaignStatus, Segment
from hallway.outreach.selectors.campaigns import SKIP_REASONS, campaign_figures, campaigns_of
from hallway.outreach.selectors.segments import contacts_matching, segment_filters_clean
from hallway.outreach.services.campaigns import (
    campaign_click,
    campaign_preview,
    campaign_problems,
    campaign_save,
    campaign_send,
)
from hallway.outreach.services.segments import segment_delete, segment_save
from hallway.outreach.tabs import outreach_tabs
from hallway.people.forms import add_service_errors

PREVIEW_NAMES = 20


def may_organise(request: MemberRequest) -> bool:
    return request.membership.has_role(Role.ORGANISER)


# --- segments -------------------------------------------------------------------------------


def segment_for(request: MemberRequest, pk: int) -> Segment:
    return get_scoped_or_404(Segment.objects.all(), request.organisation, pk=pk)


def _members_preview(request: MemberRequest, form: SegmentForm) -> dict[str, Any]:
    """How many contacts the form's filters match now, and the first names."""
    form.is_valid()
    try:
        filters = segment_filters_clean(form.filters())
    except ValidationError:
        return {"count": None}
    found = contacts_matching(
        organisation=request.organisation, filters=filters, now=timezone.now()
    )
    return {"count": found.count(), "names": list(found[:PREVIEW_NAMES])}


@role_required(Role.MEMBER)
def segment_list(request: MemberRequest) -> HttpResponse:
    now = timezone.now()
    segments = []
    for segment in scoped(Segment, request.organisation):
        filters = segment.filters or {}
        count = contacts_matching(organisation=request.organisation, filters=filters, now=now)
        segments.append({"segment": segment, "count": count.count()})
    return render(
        request,
        "outreach/campaigns/segments.html",
        {
            "tabs": outreach_tabs(request, "outreach:segments"),
            "segments": segments,
            "organise": may_organise(request),
        },
    )


def _segment_page(
    request: MemberRequest, form: SegmentForm, segment: Segment | None, status: int = 200
) -> HttpResponse:
    preview = _members_preview(request, form) if form.is_bound or segment else {"count": None}
    if segment is not None and not form.is_bound:
        found = contacts_matching(
            organisation=request.organisation, filters=segment.filters, now=timezone.now()
        )
        preview = {"count": found.count(), "names": list(found[:PREVIEW_NAMES])}
    return render(
        request,
        "outreach/campaigns/segment_form.html",
        {
            "tabs": outreach_tabs(request, "outreach:segments"),
            "form": form,
            "segment": segment,
            "preview": preview,
            "organise": may_organise(request),
            "used_by": segment.campaigns.count() if segment else 0,
            "filter_lines": segment_filter_lines(segment.filters) if segment else [],
        },
        status=status,
    )


def _segment_post(request: MemberRequest, segment: Segment | None) -> HttpResponse:
    form = SegmentForm(request.POST)
    if "preview" in request.POST:
        return _segment_page(request, form, segment)
    if form.is_valid():
        try:
            saved = segment_save(
                organisation=request.organisation,
                name=form.cleaned_data["name"],
                filters=form.filters(),
                by=request.user,
                segment=segment,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved the segment %(name)s.") % {"name": saved.name})
            return redirect("outreach:segment", pk=saved.pk)
    return _segment_page(request, form, segment, status=400)


@role_required(Role.ORGANISER)
def segment_new(request: MemberRequest) -> HttpResponse:
    if request.method == "POST":
        return _segment_post(request, None)
    return _segment_page(request, SegmentForm(initial={"consent": True}), None)


@role_required(Role.MEMBER)
def segment_detail(request: MemberRequest, pk: int) -> HttpResponse:
    """The segment's filters (a form for organisers) and its members now."""
    segment = segment_for(request, pk)
    if request.method == "POST":
        if not may_organise(request):
            raise Http404
        return _segment_post(request, segment)
    return _segment_page(request, SegmentForm(initial=segment_initial(segment)), segment)


@role_required(Role.MEMBER)
@require_POST
def segment_count(request: MemberRequest) -> HttpResponse:
    """The live count under the form (htmx): nothing is saved."""
    preview = _members_preview(request, SegmentForm(request.POST))
    return render(request, "outreach/campaigns/_segment_preview.html", {"preview": preview})


@role_required(Role.ORGANISER)
@require_POST
def segment_remove(request: MemberRequest, pk: int) -> HttpResponse:
    segment = segment_for(request, pk)
    try:
        segment_delete(segment=segment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outreach:segment", pk=segment.pk)
    messages.success(request, _("Deleted the segment %(name)s.") % {"name": segment.name})
    return redirect("outreach:segments")


# --- shared articles ------------------------------------------------------------------------


def campaign_for(request: MemberRequest, pk: int) -> Campaign:
    return get_scoped_or_404(campaigns_of(request.organisation), request.organisation, pk=pk)


@role_required(Role.MEMBER)
def campaign_list(request: MemberRequest) -> HttpResponse:
    rows = [
        {"campaign": campaign, "figures": campaign_figures(campaign=campaign)}
        for campaign in campaigns_of(request.organisation)[:100]
    ]
    return render(
        request,
        "outreach/campaigns/list.html",
        {
            "tabs": outreach_tabs(request, "outreach:campaigns"),
            "rows": rows,
            "organise": may_organise(request),
        },
    )


def _campaign_form_page(
    request: MemberRequest, form: CampaignForm, campaign: Campaign | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "outreach/campaigns/form.html",
        {
            "tabs": outreach_tabs(request, "outreach:campaigns"),
            "form": form,
            "campaign": campaign,
            "has_segments": scoped(Segment, request.organisation).exists(),
        },
        status=status,
    )


def _campaign_post(request: MemberRequest, campaign: Campaign | None) -> HttpResponse:
    organisation = request.organisation
    form = CampaignForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            saved = campaign_save(
                organisation=organisation, values=form.values(), by=request.user, campaign=campaign
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved. Preview who gets it before you send it."))
            return redirect("outreach:campaign_preview", pk=saved.pk)
    else:
        problems = campaign_problems(organisation=organisation, values=form.values())
        problems = {k: v for k, v in problems.items() if k.startswith("intro")}
        if problems:
            add_service_errors(form, ValidationError(problems))
    return _campaign_form_page(request, form, campaign, status=400)


@role_required(Role.ORGANISER)
def campaign_new(request: MemberRequest) -> HttpResponse:
    if request.method == "POST":
        return _campaign_post(request, None)
    form = CampaignForm(initial=campaign_initial(None), organisation=request.organisation)
    return _campaign_form_page(request, form, None)


@role_required(Role.ORGANISER)
def campaign_edit(request: MemberRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk)
    if campaign.status != CampaignStatus.DRAFT:
        messages.error(request, _("This article was sent already; it cannot change."))
        return redirect("outreach:campaign", pk=campaign.pk)
    if request.method == "POST":
        return _campaign_post(request, campaign)
    form = CampaignForm(initial=campaign_initial(campaign), organisation=request.organisation)
    return _campaign_form_page(request, form, campaign)


RECIPIENTS_PER_PAGE = 100


@role_required(Role.MEMBER)
def campaign_detail(request: MemberRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request, pk)
    figures = campaign_figures(campaign=campaign)
    return render(
        request,
        "outreach/campaigns/detail.html",
        {
            "tabs": outreach_tabs(request, "outreach:campaigns"),
            "campaign": campaign,
            "figures": figures,
            # An article to thousands: its recipients a page at a time.
            "recipients": Paginator(figures.rows, RECIPIENTS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "organise": may_organise(request),
        },
    )


@role_required(Role.MEMBER)
def campaign_preview_page(request: MemberRequest, pk: int) -> HttpResponse:
    """Who would get the mail, who a note for their owner, who nothing and why."""
    campaign = campaign_for(request, pk)
    if campaign.status != CampaignStatus.DRAFT:
        return redirect("outreach:campaign", pk=campaign.pk)
    plan = campaign_preview(campaign=campaign, now=timezone.now())
    return render(
        request,
        "outreach/campaigns/preview.html",
        {
            "tabs": outreach_tabs(request, "outreach:campaigns"),
            "campaign": campaign,
            "plan": plan,
            "reasons": [(label, n) for label, n in _reason_counts(plan.skipped_by_reason()) if n],
            "organise": may_organise(request),
        },
    )


def _reason_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(str(SKIP_REASONS.get(key, key)), count) for key, count in counts.items()]


@role_required(Role.ORGANISER)
def campaign_send_page(request: MemberRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (with the counts); POST sends, once."""
    campaign = campaign_for(request, pk)
    if campaign.status != CampaignStatus.DRAFT:
        messages.info(request, _("This article was sent already."))
        return redirect("outreach:campaign", pk=campaign.pk)
    if request.method == "POST":
        try:
            report = campaign_send(campaign=campaign, by=request.user, now=timezone.now())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "Sent: %(mail)d mails go out inside each contact's hours; "
                    "%(notes)d notes wait for their owners; %(skipped)d skipped."
                )
                % {"mail": report.mail, "notes": report.notes, "skipped": report.skipped},
            )
        return redirect("outreach:campaign", pk=campaign.pk)
    plan = campaign_preview(campaign=campaign, now=timezone.now())
    return render(
        request,
        "outreach/campaigns/send.html",
        {"tabs": outreach_tabs(request, "outreach:campaigns"), "campaign": campaign, "plan": plan},
    )


# --- the click-through ----------------------------------------------------------------------


@require_GET
@never_cache
def click(request: HttpRequest, token: str) -> HttpResponse:
    """A recipient's link: counted, then on to the article. No login: the random token
    (one per recipient) is all it knows; an unknown one is a 404."""
    url = campaign_click(token=token, now=timezone.now())
    if url is None:
        raise Http404
    return HttpResponseRedirect(url)
