"""Pages for the sources of touches: each member's calendar feed and mail folder ("My
sources"), and the organisation's BCC mailbox and text opt-in (admins)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role, User
from hallway.accounts.settings_views import section_tabs
from hallway.accounts.tenancy import role_required
from hallway.audit.services import audit_record
from hallway.relationships.selectors.settings import relationship_settings
from hallway.relationships.services.calendar_feed import (
    calendar_subscription_delete,
    calendar_subscription_read,
    calendar_subscription_save,
)
from hallway.relationships.services.mailboxes import (
    MailboxData,
    mailbox_delete,
    mailbox_save,
    mailbox_test,
)
from hallway.relationships.sources_forms import CalendarForm, MailBodiesForm, MailboxForm
from hallway.relationships.sources_models import CalendarSubscription, Mailbox

MY_SOURCES = "relationships:my_sources"
ORGANISATION_SOURCES = "relationships:organisation_sources"


def _service_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _mailbox_action(
    request: MemberRequest, user: User | None, mailbox: Mailbox | None, action: str
) -> tuple[bool, MailboxForm | None]:
    """Handle a mailbox action; (done, the form to show again when it had problems)."""
    organisation = request.organisation
    if action == "mailbox_remove" and mailbox is not None:
        mailbox_delete(mailbox=mailbox)
        messages.success(request, _("The mailbox is no longer read."))
        return True, None
    if action == "mailbox_test" and mailbox is not None:
        problem = mailbox_test(mailbox=mailbox)
        if problem:
            messages.error(
                request, _("Hallway could not open the mailbox: %(problem)s") % {"problem": problem}
            )
        else:
            messages.success(request, _("Hallway opened the mailbox."))
        return True, None
    if action != "mailbox_save":
        return False, None
    form = MailboxForm(request.POST, password_stored=mailbox is not None)
    if not form.is_valid():
        return False, form
    data: MailboxData = {
        "host": form.cleaned_data["host"],
        "port": form.cleaned_data["port"],
        "security": form.cleaned_data["security"],
        "username": form.cleaned_data["username"],
        "password": form.cleaned_data["password"],
        "folder": form.cleaned_data["folder"],
    }
    try:
        mailbox_save(organisation=organisation, user=user, data=data, mailbox=mailbox)
    except ValidationError as exc:
        _service_errors(form, exc)
        return False, form
    messages.success(request, _("The mailbox has been saved. It is read every 15 minutes."))
    return True, None


def _mailbox_form(mailbox: Mailbox | None) -> MailboxForm:
    initial: dict[str, Any] = {}
    if mailbox is not None:
        initial = {
            "host": mailbox.host,
            "port": mailbox.port,
            "security": mailbox.security,
            "username": mailbox.username,
            "folder": mailbox.folder,
        }
    return MailboxForm(initial=initial, password_stored=mailbox is not None)


@role_required(Role.MEMBER)
def my_sources(request: MemberRequest) -> HttpResponse:
    organisation, user = request.organisation, request.user
    subscription = CalendarSubscription.objects.filter(organisation=organisation, user=user).first()
    mailbox = Mailbox.objects.filter(organisation=organisation, user=user).first()
    calendar_form, mailbox_form = CalendarForm(), None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "calendar_save":
            calendar_form = CalendarForm(request.POST)
            if calendar_form.is_valid():
                try:
                    calendar_subscription_save(
                        organisation=organisation, user=user, url=calendar_form.cleaned_data["url"]
                    )
                except ValidationError as exc:
                    _service_errors(calendar_form, exc)
                else:
                    messages.success(
                        request, _("Your calendar has been saved. It is read every 30 minutes.")
                    )
                    return redirect(MY_SOURCES)
        elif action == "calendar_read" and subscription is not None:
            report = calendar_subscription_read(subscription=subscription, now=timezone.now())
            if report.problems:
                messages.error(
                    request,
                    _("Your calendar could not be read: %(problem)s")
                    % {"problem": report.problems[0]},
                )
            else:
                messages.success(request, _("Your calendar has been read."))
            return redirect(MY_SOURCES)
        elif action == "calendar_remove" and subscription is not None:
            calendar_subscription_delete(subscription=subscription)
            messages.success(request, _("Your calendar is no longer read."))
            return redirect(MY_SOURCES)
        else:
            done, mailbox_form = _mailbox_action(request, user, mailbox, action)
            if done:
                return redirect(MY_SOURCES)
    return render(
        request,
        "relationships/sources/my_sources.html",
        {
            "tabs": section_tabs(request, MY_SOURCES),
            "subscription": subscription,
            "calendar_form": calendar_form,
            "mailbox": mailbox,
            "mailbox_form": mailbox_form or _mailbox_form(mailbox),
        },
    )


@role_required(Role.ADMIN)
def organisation_sources(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    mailbox = Mailbox.objects.filter(organisation=organisation, user__isnull=True).first()
    choices = relationship_settings(organisation)
    bodies_form, mailbox_form = MailBodiesForm(initial={"mail_bodies": choices.mail_bodies}), None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "bodies_save":
            bodies_form = MailBodiesForm(request.POST)
            if bodies_form.is_valid():
                choices.mail_bodies = bodies_form.cleaned_data["mail_bodies"]
                choices.save(update_fields=["mail_bodies"])
                audit_record(
                    "mail_reading_changed",
                    organisation=organisation,
                    details={"mail_bodies": choices.mail_bodies},
                )
                messages.success(request, _("Your choice has been saved."))
                return redirect(ORGANISATION_SOURCES)
        else:
            done, mailbox_form = _mailbox_action(request, None, mailbox, action)
            if done:
                if action in ("mailbox_save", "mailbox_remove"):
                    audit_record(
                        "mail_reading_changed",
                        organisation=organisation,
                        details={
                            "bcc_mailbox": "removed" if action == "mailbox_remove" else "saved"
                        },
                    )
                return redirect(ORGANISATION_SOURCES)
    return render(
        request,
        "relationships/sources/organisation_sources.html",
        {
            "tabs": section_tabs(request, ORGANISATION_SOURCES),
            "mailbox": mailbox,
            "mailbox_form": mailbox_form or _mailbox_form(mailbox),
            "bodies_form": bodies_form,
            "mail_bodies": choices.mail_bodies,
        },
    )
