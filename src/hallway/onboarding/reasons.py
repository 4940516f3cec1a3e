"""Why an onboarding step found nobody, in words."""

from django.utils.translation import gettext as _


def unfilled_reason_text(code: str) -> str:
    """Why an onboarding step has nobody to meet (codes from onboarding/services/planning.py)."""
    texts = {
        "no_buddy_volunteers": _("no buddy volunteers yet"),
        "no_buddy_capacity": _(
            "every suitable buddy already looks after as many new hires as they offered"
        ),
        "no_team": _("the new hire has no team"),
        "no_qualifying_person": _("nobody qualifies for this step"),
        "no_suitable_person": _(
            "nobody who qualifies shares a language and enough working hours with the new hire"
        ),
    }
    return texts.get(code, code)
