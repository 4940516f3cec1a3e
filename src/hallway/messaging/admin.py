"""Superusers' view of messaging across organisations (organisation admins use the app's
own pages under Settings → Messages)."""

from django.contrib import admin

from hallway.messaging.models import (
    AddressHealth,
    Channel,
    DeliveryAttempt,
    OutboxMessage,
    Suppression,
)


class AttemptInline(admin.TabularInline[DeliveryAttempt, OutboxMessage]):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "started_at", "finished_at", "result", "error", "worker"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["created_at", "organisation", "channel", "message_type", "address", "status"]
    list_filter = ["status", "channel", "message_type"]
    search_fields = ["address", "recipient_name", "idempotency_key"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    inlines = [AttemptInline]


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
