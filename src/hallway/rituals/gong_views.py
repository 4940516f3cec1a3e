"""The gong's pages: the wall of wins (post a win, give kudos, cheer, the digest), the
admin's gong channels and webhooks, and Slack's reaction events."""

import datetime
import json
import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.links import absolute_url
from hallway.accounts.models import Organisation, Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.core.crypto import SecretsUnreadable
from hallway.messaging.models import Channel
from hallway.messaging.slack_views import slack_request_valid
from hallway.people.forms import add_service_errors
from hallway.people.models import Person, Team
from hallway.rituals.gong_forms import (
    CelebrationForm,
    DigestForm,
    KudosForm,
    TargetForm,
    WebhookForm,
)
from hallway.rituals.models import (
    Celebration,
    CelebrationSource,
    GongTarget,
    GongWebhook,
    WinsDigest,
)
from hallway.rituals.selectors.gong import (
    gong_targets,
    gong_webhooks,
    kudos_balance,
    wall_of_wins,
    webhook_deliveries,
)
from hallway.rituals.services.gong import (
    celebration_post,
    gong_target_remove,
    gong_target_save,
    reaction_toggle,
)
from hallway.rituals.services.gong_digest import digest_set
from hallway.rituals.services.gong_slack import slack_reaction_record
from hallway.rituals.services.gong_webhook import (
    SIGNATURE_HEADER,
    gong_webhook_create,
    gong_webhook_rotate,
    gong_webhook_set_enabled,
)
from hallway.rituals.services.kudos import kudos_give
from hallway.rituals.tabs import ritual_tabs

logger = logging.getLogger("hallway.rituals")
SECRET_SESSION_KEY = "gong_webhook_secret"  # noqa: S105 (a session key, not a secret)


def _me(request: MemberRequest) -> Person | None:
    return scoped(Person, request.organisation).filter(user=request.user).first()


def _month(text: str, today: datetime.date) -> datetime.date:
    try:
        month = datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return today.replace(day=1)
    return min(month, today.replace(day=1))


def _today(request: MemberRequest) -> datetime.date:
    return timezone.localdate(timezone.now())


def _wall_page(
    request: MemberRequest,
    *,
    post_form: CelebrationForm | None = None,
    kudos_form: KudosForm | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = request.organisation
    me = _me(request)
    today = _today(request)
    team_id = request.GET.get("team", "")
    team = scoped(Team, organisation).filter(pk=int(team_id)).first() if team_id.isdigit() else None
    wall = wall_of_wins(
        organisation=organisation,
        month=_month(request.GET.get("month", ""), today),
        team=team,
        viewer=me,
        today=today,
    )
    digest = WinsDigest.objects.filter(person=me).first() if me else None
    return render(
        request,
        "rituals/gong/wall.html",
        {
            "tabs": ritual_tabs(request, "rituals:wins"),
            "wall": wall,
            "teams": scoped(Team, organisation).order_by("name"),
            "me": me,
            "balance": kudos_balance(person=me, now=timezone.now()) if me else None,
            "post_form": post_form or CelebrationForm(organisation=organisation),
            "kudos_form": kudos_form or KudosForm(organisation=organisation, giver=me),
            "digest_form": DigestForm(initial={"frequency": digest.frequency if digest else ""}),
            "targets": gong_targets(organisation).filter(enabled=True, channel__enabled=True),
        },
        status=status,
    )


@role_required(Role.MEMBER)
@require_GET
def wins(request: MemberRequest) -> HttpResponse:
    return _wall_page(request)


@role_required(Role.MEMBER)
@require_POST
def win_post(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = CelebrationForm(request.POST, organisation=organisation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            celebration_post(
                organisation=organisation,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                people=list(data["people"]),
                team=data["team"],
                posted_by=_me(request),
                source=CelebrationSource.UI,
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The gong rang: your win is on the wall."))
            return redirect("rituals:wins")
    return _wall_page(request, post_form=form, status=422)


@role_required(Role.MEMBER)
@require_POST
def kudos_post(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    me = _me(request)
    form = KudosForm(request.POST, organisation=organisation, giver=me)
    if me is None:
        form.add_error(None, _("Only people in the directory can give kudos."))
    elif form.is_valid():
        try:
            kudos_give(
                giver=me,
                receiver=form.cleaned_data["receiver"],
                message=form.cleaned_data["message"],
                on_wall=form.cleaned_data["on_wall"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Kudos sent to %(name)s.") % {"name": form.cleaned_data["receiver"].name},
            )
            return redirect("rituals:wins")
    return _wall_page(request, kudos_form=form, status=422)


@role_required(Role.MEMBER)
@require_POST
def digest_post(request: MemberRequest) -> HttpResponse:
    me = _me(request)
    form = DigestForm(request.POST)
    if me is None:
        messages.error(request, _("Only people in the directory can get the wins by email."))
    elif form.is_valid():
        digest_set(person=me, frequency=form.cleaned_data["frequency"], now=timezone.now())
        messages.success(request, _("Saved."))
    return redirect("rituals:wins")


@role_required(Role.MEMBER)
@require_POST
def cheer(request: MemberRequest, pk: int) -> HttpResponse:
    celebration = get_scoped_or_404(Celebration.objects.all(), request.organisation, pk=pk)
    me = _me(request)
    if me is not None:
        reaction_toggle(celebration=celebration, person=me, now=timezone.now())
    if request.htmx:
        from hallway.rituals.selectors.gong import celebrations_of

        fresh = celebrations_of(request.organisation, viewer=me).get(pk=celebration.pk)
        return render(request, "rituals/gong/_cheer.html", {"celebration": fresh, "me": me})
    return redirect(request.POST.get("next") or reverse("rituals:wins"))


# The admin's pages ------------------------------------------------------------------------


def _admin_page(
    request: MemberRequest,
    *,
    target_form: TargetForm | None = None,
    webhook_form: WebhookForm | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = request.organisation
    return render(
        request,
        "rituals/gong/admin.html",
        {
            "tabs": ritual_tabs(request, "rituals:gong_admin"),
            "targets": gong_targets(organisation),
            "webhooks": gong_webhooks(organisation),
            "target_form": target_form or TargetForm(organisation=organisation),
            "webhook_form": webhook_form or WebhookForm(),
            "slack_events_url": absolute_url(
                reverse("rituals:gong_slack_events", args=[organisation.slug])
            ),
        },
        status=status,
    )


@role_required(Role.ADMIN)
@require_GET
def gong_admin(request: MemberRequest) -> HttpResponse:
    return _admin_page(request)


@role_required(Role.ADMIN)
@require_POST
def target_add(request: MemberRequest) -> HttpResponse:
    form = TargetForm(request.POST, organisation=request.organisation)
    if form.is_valid():
        try:
            gong_target_save(organisation=request.organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The gong rings there now."))
            return redirect("rituals:gong_admin")
    return _admin_page(request, target_form=form, status=422)


@role_required(Role.ADMIN)
@require_POST
def target_remove(request: MemberRequest, pk: int) -> HttpResponse:
    target = get_scoped_or_404(GongTarget.objects.all(), request.organisation, pk=pk)
    gong_target_remove(target=target)
    messages.success(request, _("The gong no longer rings there."))
    return redirect("rituals:gong_admin")


@role_required(Role.ADMIN)
@require_POST
def webhook_add(request: MemberRequest) -> HttpResponse:
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            webhook, secret = gong_webhook_create(
                organisation=request.organisation,
                name=form.cleaned_data["name"],
                mapping=form.cleaned_data["mapping"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session[SECRET_SESSION_KEY] = {"id": webhook.pk, "secret": secret}
            return redirect("rituals:gong_webhook", webhook.pk)
    return _admin_page(request, webhook_form=form, status=422)


def webhook_url(webhook: GongWebhook) -> str:
    return absolute_url(f"/api/v1/gong/webhook/{webhook.token}")


@role_required(Role.ADMIN)
@require_GET
def webhook_detail(request: MemberRequest, pk: int) -> HttpResponse:
    webhook = get_scoped_or_404(GongWebhook.objects.all(), request.organisation, pk=pk)
    shown = request.session.pop(SECRET_SESSION_KEY, None)
    secret = shown["secret"] if isinstance(shown, dict) and shown.get("id") == pk else ""
    url = webhook_url(webhook)
    example = json.dumps(
        {
            "id": "placement-4711",
            "candidate": {"name": "Lena Fischer"},
            "job": {"company": "Brightside GmbH"},
            "owner": {"email": "recruiter@example.com"},
        }
    )
    return render(
        request,
        "rituals/gong/webhook.html",
        {
            "tabs": ritual_tabs(request, "rituals:gong_admin"),
            "webhook": webhook,
            "secret": secret,
            "url": url,
            "header": SIGNATURE_HEADER,
            "mapping": json.dumps(webhook.mapping, indent=2, ensure_ascii=False),
            "example": example,
            "deliveries": webhook_deliveries(webhook),
        },
    )


@role_required(Role.ADMIN)
@require_POST
def webhook_rotate(request: MemberRequest, pk: int) -> HttpResponse:
    webhook = get_scoped_or_404(GongWebhook.objects.all(), request.organisation, pk=pk)
    secret = gong_webhook_rotate(webhook=webhook, now=timezone.now())
    request.session[SECRET_SESSION_KEY] = {"id": webhook.pk, "secret": secret}
    messages.success(request, _("A new secret: the old one no longer works."))
    return redirect("rituals:gong_webhook", webhook.pk)


@role_required(Role.ADMIN)
@require_POST
def webhook_enabled(request: MemberRequest, pk: int) -> HttpResponse:
    webhook = get_scoped_or_404(GongWebhook.objects.all(), request.organisation, pk=pk)
    gong_webhook_set_enabled(webhook=webhook, enabled=request.POST.get("enabled") == "1")
    return redirect("rituals:gong_webhook", webhook.pk)


# Slack's Events API -----------------------------------------------------------------------


def _slack_secrets(organisation: Organisation) -> list[str]:
    found = []
    for channel in Channel.objects.filter(organisation=organisation, kind="slack", enabled=True):
        try:
            found.append(str(channel.secrets.get("signing_secret", "")))
        except SecretsUnreadable:
            continue
    return [secret for secret in found if secret]


@csrf_exempt  # Slack's signature is the credential
@require_POST
def slack_events(request: HttpRequest, organisation: str) -> HttpResponse:
    """Slack's Events API: the URL check, and reactions to the gong's messages."""
    found = Organisation.objects.filter(slug=organisation).first()
    headers = dict(request.headers)
    if found is None or not any(
        slack_request_valid(signing_secret=secret, body=request.body, headers=headers)
        for secret in _slack_secrets(found)
    ):
        return HttpResponse(status=401)
    try:
        payload: Any = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return HttpResponse(status=400)
    if not isinstance(payload, dict):
        return HttpResponse(status=400)
    if payload.get("type") == "url_verification":
        return JsonResponse({"challenge": str(payload.get("challenge", ""))})
    event = payload.get("event")
    if payload.get("type") == "event_callback" and isinstance(event, dict):
        slack_reaction_record(organisation=found, event=event, now=timezone.now())
    return HttpResponse(status=200)
