"""The stand-up form (create and edit): the circle, the cadence as a preset (or a rule of
one's own), the questions, and how people are asked and the digest sent."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.messaging.models import Channel
from hallway.rituals.forms import CircleFields
from hallway.rituals.models import StandUp, StandUpMode
from hallway.rituals.services.standups import (
    CADENCES,
    CUSTOM,
    WEEKDAY_NAMES,
    WEEKDAYS,
    StandUpData,
    cadence_of,
    cadence_rule,
)

CADENCE_CHOICES = [*CADENCES, (CUSTOM, _("A rule of my own (RRULE)"))]


class StandUpForm(CircleFields, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    mode = forms.ChoiceField(
        label=_("Kind"),
        choices=StandUpMode.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Written check-ins are asked in each person's morning; a video stand-up sends "
            "everyone a recurring calendar invitation with a video room."
        ),
    )
    cadence = forms.ChoiceField(label=_("How often"), choices=CADENCE_CHOICES)
    weekday = forms.ChoiceField(
        label=_("On"),
        choices=list(zip(WEEKDAYS, WEEKDAY_NAMES, strict=True)),
        required=False,
        help_text=_("For weekly, every two weeks and monthly."),
    )
    rule = forms.CharField(
        label=_("Rule"),
        required=False,
        max_length=200,
        help_text=_("Only for a rule of your own, e.g. FREQ=WEEKLY;BYDAY=MO,TH."),
    )
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ask_at = forms.TimeField(
        label=_("Ask at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Everyone's own local time; in video mode, the preferred time of the call."),
    )
    reminder_minutes = forms.IntegerField(
        label=_("Remind after (minutes)"),
        min_value=0,
        max_value=720,
        help_text=_("One reminder to those who have not answered yet; 0 for none."),
    )
    cutoff_minutes = forms.IntegerField(
        label=_("Answers close after (minutes)"),
        min_value=15,
        max_value=720,
        help_text=_("Then the digest goes out, and answers can no longer be changed."),
    )
    question_yesterday = forms.CharField(
        label=_("First question"),
        required=False,
        max_length=200,
        help_text=_("Empty: “What did you do yesterday?” in each person's language."),
    )
    question_today = forms.CharField(
        label=_("Second question"),
        required=False,
        max_length=200,
        help_text=_("Empty: “What will you do today?” in each person's language."),
    )
    question_blockers = forms.CharField(
        label=_("Third question"),
        required=False,
        max_length=200,
        help_text=_("Empty: “Anything blocking you?” in each person's language."),
    )
    ask_mood = forms.BooleanField(label=_("Ask “How are you, really?” (1 to 5)"), required=False)
    ask_small_talk = forms.BooleanField(label=_("Add a question of the day"), required=False)
    channels = forms.ModelMultipleChoiceField(
        label=_("Ask through"),
        queryset=Channel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Someone who cannot be reached on a chosen channel is asked by email."),
    )
    digest_channel = forms.ModelChoiceField(
        label=_("Digest goes to"),
        queryset=Channel.objects.none(),
        required=False,
        empty_label=_("Email to everyone in the circle"),
    )
    digest_address = forms.CharField(
        label=_("Chat channel"),
        required=False,
        max_length=120,
        help_text=_("The Slack or Mattermost channel, such as C0123ABCD or town-square."),
    )
    video_minutes = forms.IntegerField(
        label=_("Length of the call (minutes)"), min_value=5, max_value=120
    )
    active = forms.BooleanField(label=_("Active"), required=False)

    field_order = [
        "name",
        "mode",
        "circle_kind",
        "circle_team",
        "circle_department",
        "circle_location",
        "circle_people",
    ]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        channels = scoped(Channel, organisation).filter(enabled=True).order_by("name")
        self.fields["channels"].queryset = channels  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["digest_channel"].queryset = channels  # type: ignore[attr-defined]  # as above

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        cadence = data.get("cadence")
        if cadence == CUSTOM:
            if not (data.get("rule") or "").strip():
                self.add_error("rule", _("Write the rule, or choose how often."))
            data["rule"] = (data.get("rule") or "").strip().upper()
        elif cadence:
            data["rule"] = cadence_rule(cadence, data.get("weekday") or "MO")
        return data

    def to_data(self) -> StandUpData:
        d = self.cleaned_data
        return StandUpData(
            name=d["name"],
            rule=d["rule"],
            starts_on=d["starts_on"],
            circle_kind=d["circle_kind"],
            circle_team=d.get("circle_team"),
            circle_department=d.get("circle_department") or "",
            circle_location=d.get("circle_location"),
            circle_people=list(d.get("circle_people") or []),
            mode=d["mode"],
            ask_at=d["ask_at"],
            reminder_minutes=d["reminder_minutes"],
            cutoff_minutes=d["cutoff_minutes"],
            question_yesterday=d.get("question_yesterday") or "",
            question_today=d.get("question_today") or "",
            question_blockers=d.get("question_blockers") or "",
            ask_mood=bool(d.get("ask_mood")),
            ask_small_talk=bool(d.get("ask_small_talk")),
            channels=list(d.get("channels") or []),
            digest_channel=d.get("digest_channel"),
            digest_address=d.get("digest_address") or "",
            video_minutes=d["video_minutes"],
            active=bool(d.get("active")),
        )


def standup_initial(standup: StandUp | None, *, today: datetime.date) -> dict[str, Any]:
    """The form's values for an existing stand-up, or the defaults of a new one."""
    if standup is None:
        return {
            "mode": StandUpMode.ASYNC,
            "cadence": "daily",
            "weekday": "MO",
            "starts_on": today,
            "ask_at": datetime.time(9, 0),
            "reminder_minutes": 90,
            "cutoff_minutes": 180,
            "ask_mood": True,
            "ask_small_talk": True,
            "video_minutes": 15,
            "active": True,
            "circle_kind": "team",
        }
    cadence, weekday = cadence_of(standup.rule)
    return {
        "name": standup.name,
        "mode": standup.mode,
        "cadence": cadence,
        "weekday": weekday or "MO",
        "rule": standup.rule if cadence == CUSTOM else "",
        "starts_on": standup.starts_on,
        "ask_at": standup.ask_at,
        "reminder_minutes": standup.reminder_minutes,
        "cutoff_minutes": standup.cutoff_minutes,
        "question_yesterday": standup.question_yesterday,
        "question_today": standup.question_today,
        "question_blockers": standup.question_blockers,
        "ask_mood": standup.ask_mood,
        "ask_small_talk": standup.ask_small_talk,
        "channels": list(standup.channels.all()),
        "digest_channel": standup.digest_channel,
        "digest_address": standup.digest_address,
        "video_minutes": standup.video_minutes,
        "active": standup.active,
        "circle_kind": standup.circle_kind,
        "circle_team": standup.circle_team,
        "circle_department": standup.circle_department,
        "circle_location": standup.circle_location,
        "circle_people": list(standup.circle_people.all()),
    }
