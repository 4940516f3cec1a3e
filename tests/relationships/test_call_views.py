"""The "schedule a call" page and cancelling a call."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.messaging.models import OutboxMessage
from hallway.relationships.models import CallStatus, Detail, ScheduledCall, Visibility
from tests.factories import make_company, make_contact, make_user

UTC = datetime.UTC
THURSDAY_EVENING = datetime.datetime(2026, 11, 19, 17, 0, tzinfo=UTC)
MONDAY_NOON = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen():
    with time_machine.travel(THURSDAY_EVENING, tick=False):
        yield


@pytest.fixture
def bruna(acme, alice):
    company = make_company(
        acme, "Brightside Ltda.", timezone="America/Sao_Paulo", holiday_region="BR-SP"
    )
    return make_contact(acme, "Bruna Costa", company=company, owners=[alice])


def url(contact):
    return reverse("relationships:call_schedule", args=[contact.pk])


def test_the_page_proposes_times_in_both_zones_and_previews_the_brief(bob_client, acme, bob, bruna):
    Detail.objects.create(
        organisation=acme,
        author=bob,
        contact=bruna,
        text="Ran the São Paulo marathon",
        ask_next_time=True,
        visibility=Visibility.PRIVATE,
    )
    page = bob_client.get(url(bruna))
    assert page.status_code == 200
    html = page.content.decode()
    # Bob has no directory entry: Acme's zone (Berlin) and hours; Friday is a holiday there.
    assert f'value="{MONDAY_NOON.isoformat()}"' in html
    assert "Mon 23 Nov 13:00–13:20 · Mon 09:00 for them" in html
    assert "America/Sao_Paulo" in html
    assert "Ran the São Paulo marathon" in html  # his own note, in his brief
    assert "turn your camera on" in html


def test_sending_schedules_the_call_for_the_signed_in_user(bob_client, acme, bob, bruna):
    response = bob_client.post(url(bruna), {"start": MONDAY_NOON.isoformat()})
    assert response.status_code == 302
    call = ScheduledCall.objects.get()
    assert (call.owner, call.scheduled_by, call.start) == (bob, bob, MONDAY_NOON)
    assert set(OutboxMessage.objects.values_list("address", flat=True)) == {
        bob.email,
        bruna.email,
    }
    page = bob_client.get(url(bruna))
    assert "Scheduled calls" in page.content.decode()


def test_one_click_takes_the_first_time(bob_client, bob, bruna):
    assert bob_client.post(url(bruna)).status_code == 302
    assert ScheduledCall.objects.get().start == MONDAY_NOON


def test_sending_twice_schedules_one_call(bob_client, bruna):
    for _attempt in range(2):
        bob_client.post(url(bruna), {"start": MONDAY_NOON.isoformat()})
    assert ScheduledCall.objects.count() == 1
    assert OutboxMessage.objects.count() == 2


def test_a_time_that_was_not_proposed_is_refused(bob_client, bruna):
    page = bob_client.post(url(bruna), {"start": "2026-11-22T03:00:00+00:00"})
    assert page.status_code == 200
    assert not ScheduledCall.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_who_may_cancel(client, acme, alice, bob, bruna):
    carol = make_user("carol@acme.test", acme, Role.MEMBER)
    client.force_login(bob)
    client.post(url(bruna), {"start": MONDAY_NOON.isoformat()})
    call = ScheduledCall.objects.get()
    cancel = reverse("relationships:call_cancel", args=[call.pk])

    assert cancel in client.get(url(bruna)).content.decode()

    client.force_login(carol)  # neither takes nor scheduled it
    page = client.get(url(bruna)).content.decode()
    assert "Scheduled calls" in page
    assert cancel not in page
    assert client.post(cancel).status_code == 404
    assert client.get(cancel).status_code == 405
    client.force_login(alice)  # an admin
    assert client.post(cancel).status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
    assert OutboxMessage.objects.filter(message_type="relationships_call_cancelled").count() == 2


def test_a_contact_without_an_address_cannot_be_invited(bob_client, bruna):
    bruna.email = ""
    bruna.save()
    page = bob_client.get(url(bruna)).content.decode()
    assert "no email address" in page
    assert "Send the invitations" not in page
    bob_client.post(url(bruna), {"start": MONDAY_NOON.isoformat()})
    assert not ScheduledCall.objects.exists()


def test_another_organisation_sees_nothing(mallory_client, bruna):
    assert mallory_client.get(url(bruna)).status_code == 404
