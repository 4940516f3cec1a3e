from django.urls import path

from hallway.projects import public_urls, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
]

# The card, the kickoff and "tell us about yourself".
urlpatterns += public_urls.urlpatterns
