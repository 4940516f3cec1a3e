"""Relationships URLs: companies, contacts, touches, the queue, quiet clients, imports."""

from django.urls import URLPattern, URLResolver

app_name = "relationships"

urlpatterns: list[URLPattern | URLResolver] = []
