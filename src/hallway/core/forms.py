"""Helpers for forms that adjust their fields per request."""

from typing import TypeVar

from django import forms

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
