"""The kickoff's and the card's URLs: the pages for members and organisers, and the pages
behind signed links (no login)."""

from django.urls import URLPattern, path

from hallway.projects import card_views, kickoff_views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/card/", card_views.card, name="card"),
    path("<int:pk>/card/revoke/", card_views.card_revoke, name="card_revoke"),
    path("<int:pk>/photos/<int:member_pk>/", card_views.member_photo, name="member_photo"),
    path("<int:pk>/kickoff/", kickoff_views.kickoff, name="kickoff"),
    path("card/<str:token>/", card_views.card_public, name="card_public"),
    path("card/<str:token>/photos/<int:member_pk>/", card_views.card_photo, name="card_photo"),
    path("about/<str:language>/<str:token>/", kickoff_views.about_you, name="about_you"),
]
