"""Reason codes (the engine's and the coffee app's own) as short text in the viewer's language.

Pair reasons come from `hallway.engine.scoring` ("never_met", "overlap_minutes:120", ...);
left-out reasons from `hallway.engine.pairing` and `scoring.why_unpairable`, plus the ones
a round adds before the engine runs (paused, frequency, away, removed by the organiser).
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Left-out reasons the coffee app adds itself.
PAUSED = "paused"
SKIPS_THIS_ROUND = "skips_this_round"
ON_HOLIDAY = "holiday"
# Away (out of office, holidays, days off) on every day of the round's meeting window.
AWAY = "away"
REMOVED = "removed_by_organiser"
NO_CONTACT = "no_contact"
PARTNER_REMOVED = "partner_removed"
# Put back after being removed: in the round again, paired at the next re-plan.
PUT_BACK = "put_back"


def _hours(minutes: int) -> str:
    if minutes % 60 == 0:
        return ngettext("%(n)d h", "%(n)d h", minutes // 60) % {"n": minutes // 60}
    return _("%(h)d h %(m)02d min") % {"h": minutes // 60, "m": minutes % 60}


def pair_reason_text(code: str) -> str:
    """One pair reason code as text, e.g. "overlap_minutes:120" → "2 h weekly overlap"."""
    name, _sep, value = code.partition(":")
    if name == "forced":
        return _("paired on purpose")
    if name == "onboarding":
        return _("new hire")
    if name == "never_met":
        return _("never met")
    if name == "met_days_ago":
        days = int(value or 0)
        return ngettext("met %(n)d day ago", "met %(n)d days ago", days) % {"n": days}
    if name == "last_meeting_missed":
        return _("their last planned meeting fell through")
    simple = {
        "different_team": _("different teams"),
        "same_team": _("same team"),
        "different_department": _("different departments"),
        "same_department": _("same department"),
        "different_location": _("different locations"),
        "same_location": _("same location"),
    }
    if name in simple:
        return simple[name]
    if name == "shared_language":
        return _("both speak %(language)s") % {"language": value.upper()}
    if name == "overlap_minutes":
        return _("%(hours)s weekly overlap") % {"hours": _hours(int(value or 0))}
    if name == "shared_interest":
        return _("both like %(interest)s") % {"interest": value}
    return code


def pair_reasons_text(codes: Iterable[str]) -> str:
    """All reasons of a pair joined the way the plan preview shows them."""
    return " · ".join(pair_reason_text(code) for code in codes)


def left_out_reason_text(code: str) -> str:
    """Why someone was not paired this round, as a sentence fragment."""
    texts = {
        PAUSED: _("paused"),
        SKIPS_THIS_ROUND: _("skips this round (chosen frequency)"),
        ON_HOLIDAY: _("on holiday"),
        AWAY: _("away for the whole round (out of office, holidays or days off)"),
        REMOVED: _("removed by the organiser"),
        NO_CONTACT: _("no email address or Slack account to reach them"),
        PARTNER_REMOVED: _("their partner was removed; re-plan the round to pair them"),
        PUT_BACK: _("put back in the round; re-plan the round to pair them"),
        "alone": _("nobody else takes part"),
        "no_partner_shared_language": _("no partner with a shared language"),
        "no_partner_enough_overlap": _("no partner with enough overlapping working hours"),
        "only_forbidden_partners": _("every possible partner is blocked"),
        "all_partners_met_recently": _("met every possible partner recently"),
        "partners_taken": _("every possible partner was already paired"),
        "has_allowed_partner": _("every possible partner was already paired"),
        "odd_one_out": _("odd one out (priority next round)"),
        "no_group_fits": _("no group could take a third person"),
        "no_common_slot": _("no common time slot"),
    }
    return texts.get(code, code)
