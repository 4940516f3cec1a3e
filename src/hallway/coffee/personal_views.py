"""A person's coffee page: the same form behind a signed link and for logged-in users."""

from django.http import HttpRequest, HttpResponse


def personal_link(request: HttpRequest, language: str, token: str) -> HttpResponse:
    return HttpResponse(status=501)


def my_coffee(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)
