"""Deeper check-ins with the sponsor: monthly by default, a private note after each."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.messaging.models import OutboxMessage
from hallway.projects.models import MeetingHeld, SeriesCircle, SeriesKind
from hallway.projects.services.series import SeriesFields, series_create, series_rule
from hallway.projects.services.series_meetings import checkin_note_add
from hallway.relationships.models import Note, Touch, TouchSource, Visibility

NOW = datetime.datetime(2026, 10, 20, 8, 0, tzinfo=datetime.UTC)
LATER = datetime.datetime(2026, 12, 10, 18, 0, tzinfo=datetime.UTC)


def check_in(**overrides):
    values = {
        "name": "Check-in with the sponsor",
        "kind": SeriesKind.CHECK_IN,
        "rule": series_rule("monthly", "TU", 1),
        "starts_on": datetime.date(2026, 11, 1),
        "at": datetime.time(17, 0),
    }
    values.update(overrides)
    return SeriesFields(**values)


@pytest.fixture
def sponsored(project, roster):
    _ours, theirs = roster
    project.sponsor = theirs[0]
    project.save()
    return project


def test_a_check_in_is_with_the_sponsor_unless_others_are_chosen(sponsored, alice):
    series = series_create(project=sponsored, values=check_in(), by=alice, now=NOW)
    assert series.circle == SeriesCircle.CHOSEN
    assert list(series.members.all()) == [sponsored.sponsor]
    sent = OutboxMessage.objects.filter(message_type="projects_series")
    assert [m.address for m in sent] == [sponsored.sponsor.email]


def test_a_check_in_needs_someone_when_there_is_no_sponsor(project, roster, alice):
    with pytest.raises(ValidationError) as caught:
        series_create(project=project, values=check_in(), by=alice, now=NOW)
    assert "members" in caught.value.message_dict


def test_the_note_after_a_check_in_is_a_touch_and_a_private_note(sponsored, alice, bob):
    series = series_create(project=sponsored, values=check_in(), by=alice, now=NOW)
    first_tuesday = datetime.date(2026, 12, 1)
    note = checkin_note_add(
        series=series,
        on=first_tuesday,
        text="Worried about the launch date; wants a weekly risk list.",
        author=alice,
        now=LATER,
    )
    contact = sponsored.sponsor.contact
    assert note.contact == contact
    assert note.visibility == Visibility.PRIVATE
    assert note.author == alice
    assert "weekly risk list" in note.text
    touch = Touch.objects.get(source=TouchSource.PROJECT)
    assert list(touch.contacts.all()) == [contact]
    assert touch.kind == "video"
    contact.refresh_from_db()
    assert contact.last_touch_at == touch.at
    assert MeetingHeld.objects.get(series=series, on=first_tuesday).held

    # A second note about the same meeting is another note, not another touch.
    checkin_note_add(
        series=series, on=first_tuesday, text="One more thing.", author=alice, now=LATER
    )
    assert Touch.objects.filter(source=TouchSource.PROJECT).count() == 1
    assert Note.objects.count() == 2


def test_a_note_needs_text_a_meeting_day_and_a_check_in(sponsored, alice):
    series = series_create(project=sponsored, values=check_in(), by=alice, now=NOW)
    with pytest.raises(ValidationError) as caught:
        checkin_note_add(
            series=series, on=datetime.date(2026, 12, 2), text=" ", author=alice, now=LATER
        )
    assert set(caught.value.message_dict) == {"text", "on"}
    weekly = series_create(
        project=sponsored,
        values=check_in(name="Weekly", kind=SeriesKind.WEEKLY, rule=series_rule("weekly", "TU")),
        by=alice,
        now=NOW,
    )
    with pytest.raises(ValidationError) as caught:
        checkin_note_add(
            series=weekly, on=datetime.date(2026, 12, 1), text="x", author=alice, now=LATER
        )
    assert "series" in caught.value.message_dict
    assert not Note.objects.exists()
