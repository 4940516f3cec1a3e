"""Coffee URLs: insights."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
