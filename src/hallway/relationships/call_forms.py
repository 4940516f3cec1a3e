"""The form of the "schedule a call" page: one of the proposed times."""

import datetime
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.core.dates import short_date_time, time_of_day, weekday_time
from hallway.engine.model import Slot


def slot_label(slot: Slot, contact_timezone: str) -> str:
    """ "Mon 23 Nov 13:00–13:20 · Mon 09:00 for them": the viewer's time (the active
    zone) and the contact's local time."""
    there = slot.start.astimezone(ZoneInfo(contact_timezone)).replace(tzinfo=None)
    return _("%(start)s–%(end)s · %(theirs)s for them") % {
        "start": short_date_time(slot.start),
        "end": time_of_day(slot.end),
        "theirs": weekday_time(there),
    }


class CallForm(forms.Form):
    # Empty: the first proposed time (the queue's one-click "schedule a call" sends none).
    start = forms.ChoiceField(label=gettext_lazy("When"), widget=forms.RadioSelect, required=False)

    def __init__(
        self, *args: Any, slots: Sequence[Slot], contact_timezone: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["start"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (slot.start.isoformat(), slot_label(slot, contact_timezone)) for slot in slots
        ]
        if slots:
            field.initial = slots[0].start.isoformat()

    def clean_start(self) -> datetime.datetime | None:
        value = self.cleaned_data["start"]
        return datetime.datetime.fromisoformat(value) if value else None
