"""Why an onboarding step found nobody, and how a meeting was chosen, in words."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: The reason on a meeting whose partner an organiser chose by hand (the engine's picks
#: carry the engine's reasons).
CHOSEN_BY_HAND = "chosen_by_hand"


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


def meeting_reason_text(codes: list[str]) -> str:
    """What an onboarding meeting's reasons say beyond the engine's scores ("" if nothing)."""
    return _("chosen by hand by an organiser") if CHOSEN_BY_HAND in codes else ""


def buddy_room_text(*, volunteers: int, full: int, limits: list[int]) -> str:
    """How the buddy volunteers stand right now, e.g. "all 4 buddies are at their limit of
    2 new hires". `limits` are the full buddies' limits."""
    if not volunteers:
        return _("nobody has volunteered as a buddy yet")
    if full < volunteers:
        return ngettext(
            "%(room)d of %(count)d buddy has room for another new hire",
            "%(room)d of %(count)d buddies have room for another new hire",
            volunteers,
        ) % {"room": volunteers - full, "count": volunteers}
    low, high = min(limits), max(limits)
    if low == high:
        limit = ngettext("%(n)d new hire", "%(n)d new hires", low) % {"n": low}
    else:
        limit = _("%(low)d to %(high)d new hires") % {"low": low, "high": high}
    if volunteers == 1:
        return _("the only buddy is at their limit of %(limit)s") % {"limit": limit}
    return ngettext(
        "all %(count)d buddy is at their limit of %(limit)s",
        "all %(count)d buddies are at their limit of %(limit)s",
        volunteers,
    ) % {"count": volunteers, "limit": limit}
