"""Superusers' view of messaging across organisations (organisation admins use the app's
own pages under Settings → Messages)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hallway.core.collation import alphabetical
from hallway.messaging.models import (
    AddressHealth,
    Channel,
    DeliveryAttempt,
    OutboxMessage,
    Suppression,
)
from hallway.messaging.types import message_types


class AttemptInline(admin.TabularInline[DeliveryAttempt, OutboxMessage]):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "started_at", "finished_at", "result", "error", "worker"]


class MessageTypeFilter(admin.SimpleListFilter):
    """Filter by the registered message types, named as people read them."""

    title = _("message type")
    parameter_name = "message_type"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return sorted(
            ((kind.name, str(kind.label)) for kind in message_types()),
            key=lambda choice: alphabetical(choice[1]),
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(message_type=value) if value else queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["created_at", "organisation", "channel", "type_shown", "address", "status"]
    list_filter = ["status", "channel", MessageTypeFilter]
    search_fields = ["address", "recipient_name", "idempotency_key"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    inlines = [AttemptInline]

    @admin.display(description=_("message type"), ordering="message_type")
    def type_shown(self, message: OutboxMessage) -> str:
        return message.type_label


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin[Suppression]):
    list_display = ["organisation", "channel", "address", "reason", "created_at"]
    search_fields = ["address"]


@admin.register(AddressHealth)
class AddressHealthAdmin(admin.ModelAdmin[AddressHealth]):
    list_display = ["organisation", "channel", "address", "status", "failures", "last_failure_at"]
    list_filter = ["status", "channel"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin[Channel]):
    list_display = ["organisation", "name", "kind", "enabled", "updated_at"]
    list_filter = ["kind", "enabled"]
    exclude = ["secrets_encrypted"]  # tokens and webhook addresses, even encrypted
