"""The coverage matrix: members read it, organisers preview and send the plan and record
a pair."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.messaging.models import OutboxMessage
from hallway.projects.models import OneOnOne, OneOnOneStatus
from tests.factories import make_user

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def olga_client(client, acme):
    client.force_login(make_user("olga@acme.test", acme, Role.ORGANISER))
    return client


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def test_members_read_the_matrix(bob_client, project, roster):
    page = bob_client.get(reverse("projects:coverage", kwargs={"pk": project.pk})).content
    text = page.decode()
    assert '<th scope="col">Megan Brooks' in text
    assert '<th scope="row">Jonas Weber' in text
    assert "0 of 28 required 1:1s took place." in text
    assert "Missing" in text
    assert "Not required" in text
    assert "Plan the missing 1:1s" not in text  # organisers only


def test_the_preview_writes_nothing_and_send_plans(olga_client, project, roster):
    url = reverse("projects:coverage_plan", kwargs={"pk": project.pk})
    coverage = olga_client.get(reverse("projects:coverage", kwargs={"pk": project.pk}))
    assert 'name="weeks" value="3"' in coverage.content.decode()
    preview = olga_client.post(url, {"weeks": "3", "per_week": "2"})
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "Nothing is sent yet." in text
    assert "Send the invitations" in text
    assert not OneOnOne.objects.exists()
    assert not OutboxMessage.objects.exists()

    sent = olga_client.post(url, {"weeks": "3", "per_week": "2", "send": "1"})
    assert sent.status_code == 302
    planned = OneOnOne.objects.filter(project=project, status=OneOnOneStatus.PLANNED)
    assert planned.exists()
    assert OutboxMessage.objects.count() == 2 * planned.count()
    page = olga_client.get(sent["Location"]).content.decode()
    assert "Planned" in page
    assert f"Planned {planned.count()} 1:1s and sent the invitations." in page


def test_an_unplannable_pair_says_why(olga_client, acme, project, roster):
    _ours, theirs = roster
    contact = theirs[0].contact
    contact.work_start = datetime.time(20)
    contact.work_end = datetime.time(22)
    contact.save()
    preview = olga_client.post(
        reverse("projects:coverage_plan", kwargs={"pk": project.pk}),
        {"weeks": "2", "per_week": "5"},
    )
    assert "Their working hours never overlap." in preview.content.decode()


def test_bad_plan_input_is_refused(olga_client, project, roster):
    response = olga_client.post(
        reverse("projects:coverage_plan", kwargs={"pk": project.pk}),
        {"weeks": "0", "per_week": "40"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "greater than or equal to 1" in text
    assert "less than or equal to 10" in text
    assert not OneOnOne.objects.exists()


def test_an_organiser_records_a_pair(olga_client, project, roster):
    ours, theirs = roster
    url = reverse("projects:coverage_record", kwargs={"pk": project.pk})
    response = olga_client.post(url, {"ours": ours[0].pk, "theirs": theirs[0].pk, "status": "met"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#pair-{ours[0].pk}-{theirs[0].pk}")
    met = OneOnOne.objects.get(ours=ours[0], theirs=theirs[0])
    assert met.status == OneOnOneStatus.MET
    text = olga_client.get(response["Location"]).content.decode()
    assert "1 of 28 required 1:1s took place." in text
    # The wrong way round is refused, and nothing is written.
    olga_client.post(url, {"ours": theirs[1].pk, "theirs": ours[1].pk, "status": "met"})
    assert OneOnOne.objects.count() == 1


def test_members_may_not_plan_or_record(bob_client, project, roster):
    ours, theirs = roster
    assert (
        bob_client.post(
            reverse("projects:coverage_plan", kwargs={"pk": project.pk}),
            {"weeks": "3", "per_week": "2", "send": "1"},
        ).status_code
        == 404
    )
    assert (
        bob_client.post(
            reverse("projects:coverage_record", kwargs={"pk": project.pk}),
            {"ours": ours[0].pk, "theirs": theirs[0].pk, "status": "met"},
        ).status_code
        == 404
    )
    assert not OneOnOne.objects.exists()
