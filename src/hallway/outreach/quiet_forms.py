"""The forms of a quiet client's page: a call time, a gathering, the note, a dismissal;
and the CSV of inbound events."""

import datetime
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.core.dates import short_date_time, time_of_day, weekday_time
from hallway.gatherings.interface import OpenGathering
from hallway.outreach.services.personal import BODY_MAX, SUBJECT_MAX

CALL = datetime.timedelta(minutes=20)


def slot_label(start: datetime.datetime, contact_timezone: str) -> str:
    """The viewer's time (the active zone) and the contact's own."""
    there = start.astimezone(ZoneInfo(contact_timezone)).replace(tzinfo=None)
    return _("%(start)s–%(end)s · %(theirs)s for them") % {
        "start": short_date_time(start),
        "end": time_of_day(start + CALL),
        "theirs": weekday_time(there),
    }


class QuietCallForm(forms.Form):
    start = forms.ChoiceField(label=gettext_lazy("When"), widget=forms.RadioSelect)

    def __init__(
        self,
        *args: Any,
        starts: Sequence[datetime.datetime],
        contact_timezone: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["start"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (start.isoformat(), slot_label(start, contact_timezone)) for start in starts
        ]
        if starts:
            field.initial = starts[0].isoformat()

    def clean_start(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.cleaned_data["start"])


class QuietInviteForm(forms.Form):
    gathering = forms.TypedChoiceField(
        label=gettext_lazy("Gathering"), widget=forms.RadioSelect, coerce=int
    )

    def __init__(self, *args: Any, gatherings: Sequence[OpenGathering], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["gathering"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (
                gathering.id,
                _("%(title)s · %(when)s · %(seats)d free seats")
                % {
                    "title": gathering.title,
                    "when": short_date_time(gathering.starts_at),
                    "seats": gathering.free_seats,
                },
            )
            for gathering in gatherings
        ]
        if gatherings:
            field.initial = gatherings[0].id


class QuietNoteForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=gettext_lazy("Your note"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy(
            "Drafted from your last touches in their language; make it yours. It goes in your "
            "name, signed with your signature, inside their working hours."
        ),
    )


class QuietDismissForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why (optional)"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("For example: they paused hiring until spring."),
    )


class EventFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, separated by ; or , with one event a row: a column “event” and dotted "
            "columns such as candidate.email, job.title, stage, start, end, id. At most 5 MB."
        ),
    )
