from django.contrib import admin

from hallway.absences import models


@admin.register(models.Holiday)
class HolidayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "name", "organisation", "location", "region"]
    list_filter = ["region"]


@admin.register(models.OutOfOffice)
class OutOfOfficeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["person", "first_day", "last_day", "organisation"]
