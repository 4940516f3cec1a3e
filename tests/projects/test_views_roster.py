"""The roster on the project page: adding on either side, changing a role, taking someone
off (their planned 1:1s are cancelled on both sides)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.messaging.models import OutboxMessage
from hallway.projects.models import OneOnOne, OneOnOneStatus, RosterMember, Side
from hallway.projects.services.one_on_ones import one_on_ones_plan
from tests.factories import make_contact, make_person, make_user

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def olga_client(client, acme):
    client.force_login(make_user("olga@acme.test", acme, Role.ORGANISER))
    return client


def test_an_organiser_adds_one_of_ours_and_one_of_theirs(olga_client, acme, project, carol):
    contact = make_contact(acme, "Megan Brooks", company=project.company)
    url = reverse("projects:roster_add", kwargs={"pk": project.pk})
    response = olga_client.post(
        url,
        {
            "which": "ours",
            "ours-person": str(carol.pk),
            "ours-role": "Tech lead",
            "ours-key_counterpart": "on",
            "ours-sub_project": "Checkout",
        },
    )
    assert response.status_code == 302
    response = olga_client.post(
        url,
        {
            "which": "theirs",
            "theirs-side": "client",
            "theirs-contact": str(contact.pk),
            "theirs-role": "VP Digital",
            "theirs-responsibilities": "Signs off the launch",
        },
    )
    assert response.status_code == 302
    ours = RosterMember.objects.get(project=project, person=carol)
    theirs = RosterMember.objects.get(project=project, contact=contact)
    assert (ours.side, ours.role, ours.key_counterpart, ours.sub_project) == (
        Side.OURS,
        "Tech lead",
        True,
        "Checkout",
    )
    assert (theirs.side, theirs.responsibilities) == (Side.CLIENT, "Signs off the launch")


def test_the_client_company_s_contacts_come_first(olga_client, acme, project):
    make_contact(acme, "Aaron Elsewhere")
    make_contact(acme, "Zoe Client", company=project.company)
    page = olga_client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    assert page.index("Zoe Client") < page.index("Aaron Elsewhere")


def test_bad_roster_input_shows_every_problem(olga_client, project):
    response = olga_client.post(
        reverse("projects:roster_add", kwargs={"pk": project.pk}),
        {"which": "theirs", "theirs-side": "moon", "theirs-role": "x" * 121},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nobody was added." in page
    assert "Select a valid choice" in page  # the side
    assert "This field is required." in page  # the contact
    assert "at most 120 characters" in page
    assert not RosterMember.objects.filter(project=project).exists()


def test_members_may_not_change_the_roster(bob_client, project, roster):
    ours, _theirs = roster
    assert (
        bob_client.post(
            reverse("projects:roster_add", kwargs={"pk": project.pk}), {"which": "ours"}
        ).status_code
        == 404
    )
    for name in ("projects:roster_edit", "projects:roster_remove"):
        url = reverse(name, kwargs={"pk": ours[0].pk})
        assert bob_client.get(url).status_code == 404
        assert bob_client.post(url).status_code == 404
    assert RosterMember.objects.filter(pk=ours[0].pk).exists()


def test_an_organiser_changes_a_role(olga_client, project, roster):
    ours, _theirs = roster
    url = reverse("projects:roster_edit", kwargs={"pk": ours[2].pk})
    assert "Consultant" in olga_client.get(url).content.decode()
    response = olga_client.post(
        url, {"role": "Architect", "responsibilities": "Payments", "key_counterpart": "on"}
    )
    assert response.status_code == 302
    ours[2].refresh_from_db()
    assert (ours[2].role, ours[2].responsibilities, ours[2].key_counterpart) == (
        "Architect",
        "Payments",
        True,
    )


def test_taking_someone_off_cancels_their_planned_one_on_ones(olga_client, acme, project, roster):
    _ours, theirs = roster
    one_on_ones_plan(project=project, weeks=3, per_week=2, now=NOW)
    megan = theirs[0]  # a key counterpart: planned with every one of ours
    planned = list(
        OneOnOne.objects.filter(theirs=megan, status=OneOnOneStatus.PLANNED).values_list(
            "pk", flat=True
        )
    )
    assert planned
    url = reverse("projects:roster_remove", kwargs={"pk": megan.pk})
    assert "Take Megan Brooks off the project" in olga_client.get(url).content.decode()
    before = OutboxMessage.objects.count()
    with time_machine.travel(NOW, tick=False):
        response = olga_client.post(url)
    assert response.status_code == 302
    assert not RosterMember.objects.filter(pk=megan.pk).exists()
    # Both people of each 1:1 get its cancellation.
    cancellations = OutboxMessage.objects.filter(message_type="projects_one_on_one_cancelled")
    assert cancellations.count() == 2 * len(planned)
    assert OutboxMessage.objects.count() == before + 2 * len(planned)
    assert OneOnOne.objects.filter(pk__in=planned).count() == 0


def test_someone_of_ours_who_left_is_not_offered(olga_client, acme, project):
    make_person(acme, "Gone Person", status="left")
    page = olga_client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    assert "Gone Person" not in page
