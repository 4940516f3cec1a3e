"""Admin pages of messaging: the outbox, its attempts, channel health, templates, settings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.settings_views import section_tabs
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.messaging import sandbox
from hallway.messaging.forms import (
    MessagingSettingsForm,
    OutboxFilterForm,
    TemplateOverrideForm,
    language_choices,
)
from hallway.messaging.models import (
    AddressHealth,
    OutboxMessage,
    TemplateKind,
    TemplateOverride,
)
from hallway.messaging.rendering import message_render, override_problem
from hallway.messaging.selectors import channel_health, failing_addresses, outbox_search
from hallway.messaging.services import (
    MessageAction,
    address_health_reset,
    message_cancel,
    message_resend,
    messaging_settings_of,
    messaging_settings_save,
    template_override_save,
)
from hallway.messaging.types import message_type_get, message_types

PAGE_SIZE = 50
TABS = [
    ("messaging:outbox", gettext_lazy("Outbox")),
    ("messaging:health", gettext_lazy("Channel health")),
    ("messaging:templates", gettext_lazy("Templates")),
    ("messaging:channels", gettext_lazy("Channels")),
    ("messaging:settings", gettext_lazy("Messaging settings")),
]


def messaging_page(
    request: MemberRequest, template: str, current: str, context: dict[str, Any]
) -> HttpResponse:
    subtabs = [
        {"url": reverse(name), "label": label, "current": name == current} for name, label in TABS
    ]
    return render(
        request,
        f"messaging/{template}.html",
        {
            **context,
            "tabs": section_tabs(request, "messaging:outbox"),
            "subtabs": subtabs,
            "organisation": request.organisation,
        },
    )


@role_required(Role.ADMIN)
def outbox(request: MemberRequest) -> HttpResponse:
    form = OutboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = outbox_search(
        organisation=request.organisation,
        status=filters.get("status", ""),
        channel=filters.get("channel", ""),
        message_type=filters.get("message_type", ""),
        recipient=filters.get("recipient", ""),
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return messaging_page(
        request,
        "outbox",
        "messaging:outbox",
        {"filters": form, "page": page, "query": query.urlencode()},
    )


@role_required(Role.ADMIN)
def outbox_detail(request: MemberRequest, pk: int) -> HttpResponse:
    message = get_scoped_or_404(OutboxMessage, request.organisation, pk=pk)
    return messaging_page(
        request,
        "outbox_detail",
        "messaging:outbox",
        {"message": message, "attempts": message.attempts.all()},
    )


def _confirm_or_act(
    request: MemberRequest,
    message: OutboxMessage,
    *,
    action: MessageAction,
    question: str,
    button: str,
    done: str,
) -> HttpResponse:
    if request.method != "POST":
        return messaging_page(
            request,
            "confirm",
            "messaging:outbox",
            {
                "question": question,
                "button": button,
                "back": reverse("messaging:outbox_detail", args=[message.pk]),
            },
        )
    try:
        action(message=message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("messaging:outbox_detail", message.pk)


@role_required(Role.ADMIN)
def outbox_resend(request: MemberRequest, pk: int) -> HttpResponse:
    message = get_scoped_or_404(OutboxMessage, request.organisation, pk=pk)
    return _confirm_or_act(
        request,
        message,
        action=message_resend,
        question=_("Send this message to %(address)s again?") % {"address": message.address},
        button=_("Send again"),
        done=_("The message is queued again."),
    )


@role_required(Role.ADMIN)
def outbox_cancel(request: MemberRequest, pk: int) -> HttpResponse:
    message = get_scoped_or_404(OutboxMessage, request.organisation, pk=pk)
    return _confirm_or_act(
        request,
        message,
        action=message_cancel,
        question=_("Cancel this message to %(address)s? It will not be sent.")
        % {"address": message.address},
        button=_("Cancel the message"),
        done=_("The message is cancelled."),
    )


@role_required(Role.ADMIN)
def health(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    return messaging_page(
        request,
        "health",
        "messaging:health",
        {
            "channels": channel_health(organisation=organisation),
            "failing": failing_addresses(organisation=organisation)[:200],
        },
    )


@role_required(Role.ADMIN)
def health_reset(request: MemberRequest, pk: int) -> HttpResponse:
    health_row = get_scoped_or_404(AddressHealth, request.organisation, pk=pk)
    target = health_row.address or health_row.get_channel_display()
    if request.method != "POST":
        return messaging_page(
            request,
            "confirm",
            "messaging:health",
            {
                "question": _("Mark %(target)s as working again?") % {"target": target},
                "button": _("Mark as working"),
                "back": reverse("messaging:health"),
            },
        )
    address_health_reset(health=health_row)
    messages.success(request, _("%(target)s is marked as working again.") % {"target": target})
    return redirect("messaging:health")


@role_required(Role.ADMIN)
def templates(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    overridden = set(
        TemplateOverride.objects.filter(organisation=organisation).values_list(
            "template", "kind", "language"
        )
    )
    rows = []
    for kind in message_types():
        kinds = [k for k in TemplateKind.values if k in kind.template_kinds]
        for template_kind in kinds:
            rows.append(
                {
                    "type": kind,
                    "kind": template_kind,
                    "kind_label": TemplateKind(template_kind).label,
                    "overrides": [
                        code
                        for code, _name in language_choices()
                        if (kind.name, template_kind, code) in overridden
                    ],
                }
            )
    return messaging_page(request, "templates", "messaging:templates", {"rows": rows})


@role_required(Role.ADMIN)
def template_edit(request: MemberRequest, template: str, kind: str) -> HttpResponse:
    organisation = request.organisation
    message_type = message_type_get(template)
    if message_type is None or kind not in TemplateKind.values:
        raise Http404
    languages = dict(language_choices())
    language = request.POST.get("language") or request.GET.get("language") or organisation.language
    if language not in languages:
        language = organisation.language
    existing = TemplateOverride.objects.filter(
        organisation=organisation, template=template, kind=kind, language=language
    ).first()
    # Saved before overrides were sandboxed: the editor says why Hallway's own text is sent.
    stored_problems = [
        problem
        for problem in (
            (override_problem(existing.subject), override_problem(existing.body))
            if existing
            else ()
        )
        if problem
    ]
    form = TemplateOverrideForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            template_override_save(
                organisation=organisation,
                template=template,
                kind=kind,
                language=language,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The template is saved."))
            return redirect(f"{request.path}?language={language}")
    preview = message_render(
        template=template,
        channel="email" if kind == TemplateKind.EMAIL else "slack",
        language=language,
        timezone_name=organisation.timezone,
        context=message_type.sample(),
        organisation_id=organisation.pk,
        extra={
            "unsubscribe_url": "https://hallway.example/unsubscribe",
            "preferences_url": "https://hallway.example/preferences",
        }
        if not message_type.transactional
        else {},
    )
    return messaging_page(
        request,
        "template_edit",
        "messaging:templates",
        {
            "message_type": message_type,
            "kind": kind,
            "kind_label": TemplateKind(kind).label,
            "language": language,
            "languages": language_choices(),
            "form": form,
            "preview": preview,
            "stored_problems": stored_problems,
            "allowed_tags": sandbox.allowed_tags_text(),
            "allowed_filters": sandbox.allowed_filters_text(),
        },
    )


@role_required(Role.ADMIN)
def settings_view(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    current = messaging_settings_of(organisation)
    form = MessagingSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            messaging_settings_save(settings_row=form.save(commit=False))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The messaging settings are saved."))
            return redirect("messaging:settings")
    return messaging_page(request, "settings", "messaging:settings", {"form": form})
