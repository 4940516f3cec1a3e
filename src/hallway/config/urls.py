from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from hallway.accounts.views import home
from hallway.api.router import api

urlpatterns = [
    path("", home, name="home"),
    path("", include("hallway.core.urls")),
    path("accounts/", include("hallway.accounts.urls")),
    path("accounts/settings/audit/", include("hallway.audit.urls")),
    path("people/", include("hallway.people.transfer_urls")),
    path("people/", include("hallway.people.urls")),
    path("time-off/", include("hallway.absences.urls")),
    path("messages/", include("hallway.messaging.urls")),
    path("coffee/", include("hallway.coffee.urls")),
    path("onboarding/", include("hallway.onboarding.urls")),
    path("relationships/", include("hallway.relationships.urls")),
    path("gatherings/", include("hallway.gatherings.urls")),
    path("rituals/", include("hallway.rituals.urls")),
    path("projects/", include("hallway.projects.urls")),
    path("outreach/", include("hallway.outreach.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "hallway.api.router.not_found_anywhere"

admin.site.site_header = "Hallway"
admin.site.site_title = "Hallway"

if settings.DEBUG:
    from django.views import defaults

    urlpatterns += [path("404/", defaults.page_not_found, {"exception": Exception()})]
