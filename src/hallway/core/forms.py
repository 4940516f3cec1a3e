"""Helpers for forms that adjust their fields per request."""

from typing import TypeVar

from django import forms
from django.forms.utils import ErrorList

F = TypeVar("F", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """`form.fields[name]` as the kind of field the form declares, so that kind's own
    attributes (`choices`, `queryset`) can be set; a mismatch is a programming error."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(
            f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}"
        )
    return field


def error_texts(errors: ErrorList) -> list[str]:
    """The messages of one field's errors, as text."""
    return [message for error in errors.as_data() for message in error.messages]


def form_error_texts(form: forms.BaseForm) -> list[str]:
    """The messages of all of a form's errors, field by field, as text."""
    return [text for errors in form.errors.values() for text in error_texts(errors)]
