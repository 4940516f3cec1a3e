"""The audit log in the settings: owners and admins read it, filter it and export it."""

from collections.abc import Iterator

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.settings_views import section_tabs
from hallway.accounts.tenancy import role_required
from hallway.audit.actions import action_label
from hallway.audit.forms import AuditFilterForm
from hallway.audit.models import AuditEvent
from hallway.audit.selectors import audit_search
from hallway.audit.services import audit_record
from hallway.core.csv_files import csv_bytes, csv_download

PAGE_SIZE = 50


def _filtered(request: MemberRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_search(
        organisation=request.organisation,
        action=filters.get("action", ""),
        q=filters.get("q", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    return form, events


@role_required(Role.ADMIN)
def log(request: MemberRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "retention_days": settings.HALLWAY_AUDIT_RETENTION_DAYS,
        "tabs": section_tabs(request, "audit:log"),
    }
    return render(request, "audit/log.html", context)


@role_required(Role.ADMIN)
def export(request: MemberRequest) -> HttpResponse:
    _form, events = _filtered(request)

    def rows() -> Iterator[list[object]]:
        yield [_("When (UTC)"), _("Who"), _("Action"), _("What"), _("From address"), _("Details")]
        for event in events.iterator():
            yield [
                event.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                event.actor_label,
                action_label(event.action),
                event.target,
                event.ip_address or "",
                ", ".join(f"{key}: {value}" for key, value in event.details.items()),
            ]

    content = csv_bytes(rows())
    audit_record("audit_exported", organisation=request.organisation)
    filename = f"audit-{request.organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_download(content, filename)
