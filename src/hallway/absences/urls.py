from django.urls import path

from hallway.absences import views

app_name = "absences"

urlpatterns = [
    path("", views.away_list, name="away"),
    path("people/<int:pk>/", views.person_time_off, name="person"),
    path("out-of-office/<int:pk>/delete/", views.out_of_office_delete, name="out_of_office_delete"),
    path("holidays/", views.holiday_list, name="holidays"),
    path("holidays/public/", views.holiday_public, name="holidays_public"),
    path("holidays/fill/", views.holidays_fill, name="holidays_fill"),
    path("holidays/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
]
