from django.contrib import admin

from hallway.absences import models


@admin.register(models.Holiday)
class HolidayAdmin(admin.ModelAdmin[models.Holiday]):
    list_display = ["date", "name", "organisation", "location", "region"]
    list_filter = ["region"]


@admin.register(models.OutOfOffice)
class OutOfOfficeAdmin(admin.ModelAdmin[models.OutOfOffice]):
    list_display = ["person", "first_day", "last_day", "organisation"]
