from django import template

from hallway.audit.actions import action_label

register = template.Library()


@register.filter
def audit_action(action: str) -> str:
    return action_label(action)
