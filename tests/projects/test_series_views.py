"""The meeting rhythm's pages: list, create, detail, held or not, the note, the end."""

import datetime

import pytest
from django.urls import reverse

from hallway.messaging.models import OutboxMessage
from hallway.projects.models import MeetingHeld, MeetingSeries, SeriesKind
from hallway.projects.services.series import SeriesFields, series_create, series_rule
from hallway.relationships.models import Note

NOW = datetime.datetime(2026, 10, 20, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def series(project, roster, alice):
    return series_create(
        project=project,
        values=SeriesFields(
            name="Weekly with Lakeshore",
            kind=SeriesKind.WEEKLY,
            rule=series_rule("weekly", "TH"),
            starts_on=datetime.date(2026, 1, 1),
            at=datetime.time(16, 0),
        ),
        by=alice,
        now=NOW,
    )


def test_create_a_weekly_from_the_form(alice_client, project, roster):
    url = reverse("projects:series_new", args=[project.pk])
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(
        url,
        {
            "name": "Weekly",
            "kind": "weekly",
            "circle": "roster",
            "preset": "weekly",
            "weekday": "TH",
            "nth": "1",
            "starts_on": "2026-11-02",
            "at": "16:00",
            "minutes": "45",
            "language": "nl",
            "agenda": "Launch plan",
        },
    )
    series = MeetingSeries.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("projects:series", args=[series.pk])
    assert series.rule == "FREQ=WEEKLY;BYDAY=TH"
    assert OutboxMessage.objects.filter(message_type="projects_series").exists()


def test_the_form_shows_every_problem(alice_client, project, roster):
    response = alice_client.post(
        reverse("projects:series_new", args=[project.pk]),
        {
            "name": "Weekly",
            "kind": "weekly",
            "circle": "sub_project",
            "preset": "custom",
            "rule": "FREQ=SOMETIMES",
            "starts_on": "2026-11-02",
            "at": "16:00",
            "minutes": "45",
            "timezone": "Mars/Olympus",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"timezone", "sub_project"} <= set(errors)
    assert not MeetingSeries.objects.exists()


def test_list_and_detail_show_cadence_next_date_and_holidays(alice_client, project, series):
    page = alice_client.get(reverse("projects:series_list", args=[project.pk]))
    text = page.content.decode()
    assert "Weekly with Lakeshore" in text
    assert "Weekly on Thursday" in text
    detail = alice_client.get(reverse("projects:series", args=[series.pk]))
    assert detail.status_code == 200
    assert "Megan Brooks" in detail.content.decode()


def test_record_held_and_members_cannot(client, alice, bob, series):
    day = datetime.date(2026, 1, 8)  # a Thursday, long past
    url = reverse("projects:series_held", args=[series.pk])
    client.force_login(bob)
    # A member reads the page; recording is for organisers (a 404, as for any page above one's role).
    assert client.get(reverse("projects:series", args=[series.pk])).status_code == 200
    assert client.post(url, {"on": day.isoformat(), "held": "yes"}).status_code == 404
    client.force_login(alice)
    assert client.post(url, {"on": day.isoformat(), "held": "no"}).status_code == 302
    assert MeetingHeld.objects.get(series=series, on=day).held is False


def test_note_after_a_check_in(alice_client, project, roster, alice):
    _ours, theirs = roster
    project.sponsor = theirs[0]
    project.save()
    check_in = series_create(
        project=project,
        values=SeriesFields(
            name="Sponsor check-in",
            kind=SeriesKind.CHECK_IN,
            rule=series_rule("monthly", "TU", 1),
            starts_on=datetime.date(2026, 1, 1),
            at=datetime.time(17, 0),
        ),
        by=alice,
        now=NOW,
    )
    page = alice_client.get(reverse("projects:series", args=[check_in.pk])).content.decode()
    assert "Your private note" in page
    alice_client.post(
        reverse("projects:series_note", args=[check_in.pk]),
        {"on": "2026-02-03", "text": "Happy with the pace."},
    )
    assert Note.objects.get().text.endswith("Happy with the pace.")


def test_end_the_series(alice_client, series):
    alice_client.post(reverse("projects:series_end", args=[series.pk]), {"ended_on": "2026-12-31"})
    series.refresh_from_db()
    assert series.ended_on == datetime.date(2026, 12, 31)


def test_another_organisations_series_is_not_found(mallory_client, project, series):
    for name, args in (
        ("projects:series_list", [project.pk]),
        ("projects:series", [series.pk]),
    ):
        assert mallory_client.get(reverse(name, args=args)).status_code == 404
    for name in ("projects:series_held", "projects:series_end", "projects:series_note"):
        assert mallory_client.post(reverse(name, args=[series.pk]), {}).status_code == 404
