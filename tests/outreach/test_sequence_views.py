"""The sequence pages: the list, the editor with its steps and preview, starting and
archiving, and who is in a sequence. Members read; organisers and up write."""

import pytest
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.outreach.models import Enrollment, ExitReason, Sequence, Step
from hallway.outreach.services.enrollments import enrollment_start
from tests.factories import make_contact, make_user
from tests.outreach.seq_helpers import MONDAY, make_sequence, message


@pytest.fixture
def sequence(acme):
    return make_sequence(acme, "Welcome", steps=[message(), message(subject="Second", wait=3)])


def test_the_list_shows_each_sequence_with_its_figures(bob_client, acme, sequence):
    megan = make_contact(acme, "Megan Brooks")
    left = enrollment_start(sequence=sequence, contact=megan, owner=None, reason="t", now=MONDAY)
    Enrollment.objects.filter(pk=left.pk).update(status="left", exit_reason=ExitReason.REPLIED)
    response = bob_client.get(reverse("outreach:sequences"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Welcome" in page
    assert "Replied: 1" in page
    assert "Sequences" in page  # the tab
    assert reverse("outreach:sequence_new") not in page  # a member only reads


def test_a_member_cannot_write(bob_client, sequence):
    assert bob_client.get(reverse("outreach:sequence_new")).status_code == 404
    assert bob_client.get(reverse("outreach:sequence_edit", args=[sequence.pk])).status_code == 404
    response = bob_client.post(reverse("outreach:sequence_status", args=[sequence.pk]))
    assert response.status_code == 404
    assert bob_client.get(reverse("outreach:sequence", args=[sequence.pk])).status_code == 200


def test_an_organiser_creates_a_sequence_and_its_steps(client, acme):
    organiser = make_user("olga@acme.test", acme, Role.ORGANISER)
    client.force_login(organiser)
    response = client.post(
        reverse("outreach:sequence_new"),
        {"name": "Candidates", "trigger": "stage_change", "stage": "interview", "goal": ""},
    )
    sequence = Sequence.objects.get(name="Candidates")
    assert response.url == reverse("outreach:sequence", args=[sequence.pk])
    assert sequence.trigger_config == {"stage": "interview"}
    assert sequence.created_by == organiser

    response = client.post(
        reverse("outreach:sequence_step_new", args=[sequence.pk]),
        {"kind": "message", "wait_days": 0, "subject_de": "Hallo {first_name}", "body_de": "Hi"},
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("outreach:sequence_step_new", args=[sequence.pk]),
        {"kind": "message", "wait_days": 0, "subject_en": "Hi {nickname}", "body_en": "x"},
    )
    assert bad.status_code == 200
    assert "{nickname}" in bad.content.decode()
    client.post(
        reverse("outreach:sequence_step_new", args=[sequence.pk]),
        {"kind": "wait", "wait_days": 5},
    )
    wait = Step.objects.get(kind="wait")
    client.post(reverse("outreach:sequence_step_move", args=[wait.pk]), {"direction": "up"})
    assert list(sequence.steps.order_by("position").values_list("kind", flat=True)) == [
        "wait",
        "message",
    ]
    client.post(reverse("outreach:sequence_status", args=[sequence.pk]), {"status": "active"})
    sequence.refresh_from_db()
    assert sequence.status == "active"
    page = client.get(reverse("outreach:sequence", args=[sequence.pk])).content.decode()
    assert "Hallo {first_name}" in page
    assert "Pause" in page


def test_a_bad_trigger_setting_is_shown_on_the_form(alice_client):
    response = alice_client.post(
        reverse("outreach:sequence_new"), {"name": "X", "trigger": "segment"}
    )
    assert response.status_code == 200
    assert "Choose a segment of this organisation." in response.content.decode()
    assert not Sequence.objects.exists()


def test_the_preview_fills_in_a_sample_contact(alice_client, acme, alice, sequence):
    make_contact(acme, "Megan Brooks", owners=[alice])
    response = alice_client.post(
        reverse("outreach:sequence_preview", args=[sequence.pk]),
        {"subject_en": "Hi {first_name}", "body_en": "From {owner_first_name} at {organisation}"},
    )
    page = response.content.decode()
    assert "Hi Megan" in page
    assert "at Acme" in page


def test_editing_and_deleting_steps(alice_client, sequence):
    step = sequence.steps.get(position=1)
    page = alice_client.get(reverse("outreach:sequence_step_edit", args=[step.pk]))
    assert "Second" in page.content.decode()
    alice_client.post(
        reverse("outreach:sequence_step_edit", args=[step.pk]),
        {"kind": "task", "wait_days": 2, "task_title": "Call {first_name}"},
    )
    step.refresh_from_db()
    assert (step.kind, step.task_title, step.texts) == ("task", "Call {first_name}", {})
    alice_client.post(reverse("outreach:sequence_step_delete", args=[step.pk]))
    assert sequence.steps.count() == 1


def test_adding_and_taking_out_contacts_by_hand(alice_client, acme, sequence):
    megan = make_contact(acme, "Megan Brooks")
    page = alice_client.get(
        reverse("outreach:sequence_enrollments", args=[sequence.pk]), {"q": "megan"}
    ).content.decode()
    assert "megan.brooks@client.test" in page
    alice_client.post(
        reverse("outreach:sequence_enrollments", args=[sequence.pk]), {"contacts": [megan.pk]}
    )
    enrollment = Enrollment.objects.get(contact=megan)
    page = alice_client.get(reverse("outreach:sequence_enrollments", args=[sequence.pk]))
    assert "Megan Brooks" in page.content.decode()
    alice_client.post(reverse("outreach:sequence_enrollment_remove", args=[enrollment.pk]))
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.exit_reason) == ("left", ExitReason.REMOVED)


def test_archiving_from_the_page(alice_client, sequence):
    alice_client.post(
        reverse("outreach:sequence_status", args=[sequence.pk]), {"status": "archived"}
    )
    sequence.refresh_from_db()
    assert sequence.status == "archived"
    page = alice_client.get(reverse("outreach:sequence", args=[sequence.pk])).content.decode()
    assert reverse("outreach:sequence_step_new", args=[sequence.pk]) not in page
