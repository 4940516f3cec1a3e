from django.urls import path

from hallway.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
]
