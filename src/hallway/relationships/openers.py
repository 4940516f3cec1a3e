"""Small-talk openers for a call with a contact, in the contact's language.

A small curated bank in the spirit of "how are you, really?": a question about an open
"ask next time" detail when there is one, else one that suits the day of the call (a
Monday, a Friday, the turn of the year), else a general one. The pick is deterministic
(the same contact on the same day gets the same opener, so a page's preview and the
invite agree) and is written in the contact's language: it is what the owner will say.
"""

import datetime
import hashlib

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Said about an open detail, which the brief shows beside it (the detail is the owner's
# note, not words to read out).
ABOUT_DETAIL: tuple[Promise, ...] = (
    _("Last time you told me about this — how did it go?"),
    _("I remembered what you told me last time. How is it going?"),
)
MONDAY: tuple[Promise, ...] = (
    _("How was your weekend?"),
    _("Did you have a good start into the week?"),
)
FRIDAY: tuple[Promise, ...] = (
    _("Any plans for the weekend?"),
    _("How was your week, honestly?"),
)
YEAR_END: tuple[Promise, ...] = (
    _("Are you taking some time off over the holidays?"),
    _("What was the best part of your year?"),
)
YEAR_START: tuple[Promise, ...] = (
    _("How did the new year start for you?"),
    _("What are you looking forward to this year?"),
)
GENERAL: tuple[Promise, ...] = (
    _("How are you, really?"),
    _("What has kept you busy since we last spoke?"),
    _("What is the weather like where you are today?"),
    _("What made you smile this week?"),
    _("What is on your mind at the moment, apart from work?"),
)


def _bank(day: datetime.date) -> tuple[Promise, ...]:
    if day.month == 12 and day.day >= 10:
        return YEAR_END
    if day.month == 1 and day.day <= 20:
        return YEAR_START
    if day.isoweekday() == 1:
        return MONDAY
    if day.isoweekday() == 5:
        return FRIDAY
    return GENERAL


def _index(seed: str, size: int) -> int:
    digest = hashlib.sha256(seed.encode()).digest()
    return int.from_bytes(digest[:8], "big") % size


def opener_text(
    *, contact_id: int, day: datetime.date, language: str, about_detail: bool = False
) -> str:
    """An opener for a call with the contact on `day` (their local date), in `language`;
    one that asks about an open detail when `about_detail`."""
    bank = ABOUT_DETAIL if about_detail else _bank(day)
    with translation.override(language):
        return str(bank[_index(f"opener:{contact_id}:{day.isoformat()}", len(bank))])
