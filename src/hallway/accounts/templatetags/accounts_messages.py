"""Template helpers for accounts' messages, whose context holds stored codes, not objects."""

from django import template

from hallway.accounts.models import Role

register = template.Library()


@register.filter
def role_label(role: object) -> str:
    """A role's name in the active language ("member" → "Mitglied" in German)."""
    return str(dict(Role.choices).get(str(role), role))
