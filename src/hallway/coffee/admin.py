from django.contrib import admin

from hallway.coffee import models


@admin.register(models.Program)
class ProgramAdmin(admin.ModelAdmin[models.Program]):
    list_display = ["name", "slug", "organisation", "cadence", "join_mode", "automatic"]
    list_filter = ["cadence", "join_mode"]
    search_fields = ["name", "slug"]


@admin.register(models.Round)
class RoundAdmin(admin.ModelAdmin[models.Round]):
    list_display = ["program", "number", "scheduled_for", "status"]
    list_filter = ["status"]
