"""Coffee URLs, one module per area so each stays small."""

from hallway.coffee import insights_urls, organiser_urls, personal_urls

app_name = "coffee"

urlpatterns = [
    *organiser_urls.urlpatterns,
    *personal_urls.urlpatterns,
    *insights_urls.urlpatterns,
]
