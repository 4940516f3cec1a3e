"""The "Reach out today" and "Quiet clients" pages, and the queue's one-click actions."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hallway.relationships.models import (
    Company,
    Contact,
    Detail,
    Order,
    QueueDismissal,
    Touch,
    Visibility,
)
from hallway.relationships.selectors.queue import reach_out_queue
from hallway.relationships.services.rhythms import rhythms_recount
from tests.factories import make_company, make_contact

NOW = datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC)
TODAY = NOW.date()
LONG_AGO = NOW - datetime.timedelta(days=60)
QUEUE = reverse("relationships:queue")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def nina(acme, alice):
    return make_contact(acme, "Nina Vogel", owners=[alice], cadence_days=14, created_at=LONG_AGO)


@pytest.fixture
def quiet_client(acme, alice):
    company = make_company(acme, "Brightside GmbH")
    company.owners.add(alice)
    last = TODAY - datetime.timedelta(days=35)
    Order.objects.bulk_create(
        Order(
            organisation=acme,
            company=company,
            title="Order",
            at=last - datetime.timedelta(days=7 * n),
        )
        for n in range(30)
    )
    Company.objects.filter(pk=company.pk).update(last_order_on=last)
    rhythms_recount(organisation=acme, today=TODAY)
    return company


def test_the_queue_shows_each_item_with_its_reason(alice_client, nina, quiet_client):
    response = alice_client.get(QUEUE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nina Vogel" in page
    assert "Keep in touch every 14 days; no touch yet." in page
    assert "No order for 35 days; usually one every 7 days." in page
    assert 'href="/relationships/quiet/"' in page


def test_logging_a_touch_from_the_queue(alice_client, alice, nina):
    response = alice_client.post(
        reverse("relationships:queue_touch"),
        {"contact": nina.pk, "kind": "call", "summary": "Talked about the new role"},
    )
    assert response.status_code == 302
    touch = Touch.objects.get()
    assert (touch.by, touch.summary, list(touch.contacts.all())) == (
        alice,
        "Talked about the new role",
        [nina],
    )
    assert "Keep in touch every 14 days" not in alice_client.get(QUEUE).content.decode()


def test_logging_a_touch_for_an_ask_next_time_marks_it_asked(acme, alice_client, alice, nina):
    detail = Detail.objects.create(
        organisation=acme, author=alice, contact=nina, text="Köln marathon", ask_next_time=True
    )
    assert "Köln marathon" in alice_client.get(QUEUE).content.decode()
    alice_client.post(
        reverse("relationships:queue_touch"),
        {"contact": nina.pk, "kind": "call", "detail": detail.pk},
    )
    detail.refresh_from_db()
    assert detail.asked_at == NOW


def test_snooze_hides_an_item_until_its_day(alice_client, alice, acme, nina):
    page = alice_client.get(QUEUE).content.decode()
    key = f"cadence:{nina.pk}:{(LONG_AGO + datetime.timedelta(days=14)).date().isoformat()}"
    assert key in page
    alice_client.post(reverse("relationships:queue_dismiss"), {"key": key, "snooze_days": "7"})
    assert QueueDismissal.objects.get().until == TODAY + datetime.timedelta(days=7)
    assert "Nina Vogel" not in alice_client.get(QUEUE).content.decode()
    with time_machine.travel(NOW + datetime.timedelta(days=7), tick=False):
        assert "Nina Vogel" in alice_client.get(QUEUE).content.decode()


def test_done_until_a_new_reason(alice_client, alice, acme, nina):
    key = f"cadence:{nina.pk}:{(LONG_AGO + datetime.timedelta(days=14)).date().isoformat()}"
    alice_client.post(reverse("relationships:queue_dismiss"), {"key": key})
    assert QueueDismissal.objects.get().until is None
    assert "Nina Vogel" not in alice_client.get(QUEUE).content.decode()
    # A touch (by anyone) and 14 more days: a new reason, so she is back.
    nina.last_touch_at = NOW
    nina.save()
    later = TODAY + datetime.timedelta(days=15)
    [item] = reach_out_queue(user=alice, organisation=acme, today=later)
    assert item.contact == nina


def test_a_bad_key_changes_nothing(alice_client):
    alice_client.post(reverse("relationships:queue_dismiss"), {"key": "anything"})
    assert not QueueDismissal.objects.exists()


def test_another_organisations_contact_is_a_404(mallory_client, nina):
    response = mallory_client.post(
        reverse("relationships:queue_touch"), {"contact": nina.pk, "kind": "call"}
    )
    assert response.status_code == 404
    assert not Touch.objects.exists()


def test_a_private_detail_of_someone_else_cannot_be_marked(acme, alice, bob_client, nina):
    detail = Detail.objects.create(
        organisation=acme,
        author=alice,
        contact=nina,
        text="Private",
        ask_next_time=True,
        visibility=Visibility.PRIVATE,
    )
    response = bob_client.post(
        reverse("relationships:queue_touch"),
        {"contact": nina.pk, "kind": "call", "detail": detail.pk},
    )
    assert response.status_code == 404
    detail.refresh_from_db()
    assert detail.asked_at is None


def test_the_quiet_clients_page(bob_client, quiet_client):
    response = bob_client.get(reverse("relationships:quiet"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Brightside GmbH" in page
    assert "No order for 35 days; usually one every 7 days." in page


def test_the_home_page_counts_the_queue(alice_client, nina):
    page = alice_client.get("/").content.decode()
    assert "1 person to reach out to today" in page


def test_signed_out_goes_to_sign_in(client):
    assert client.get(QUEUE).status_code == 302


def test_the_queue_is_paged_and_its_queries_do_not_grow_with_it(
    acme, alice, alice_client, django_assert_max_num_queries
):
    company = make_company(acme, "Brightside GmbH")
    for n in range(30):
        contact = make_contact(
            acme, f"Contact {n:02}", company=company, owners=[alice], cadence_days=14
        )
        Detail.objects.create(
            organisation=acme, author=alice, contact=contact, text=f"Ask {n}", ask_next_time=True
        )
    Contact.objects.update(created_at=LONG_AGO)
    # Every contact is due twice (cadence and a detail): 60 items, 25 to a page.
    with django_assert_max_num_queries(20):
        first = alice_client.get(QUEUE).content.decode()
    assert "60 waiting" in first
    assert first.count('class="panel"') == 25
    assert "Page 1 of 3" in first
    assert "Brightside GmbH" in first
    last = alice_client.get(QUEUE, {"page": 3}).content.decode()
    assert last.count('class="panel"') == 10
    assert 'name="page" value="3"' in last


def test_an_action_goes_back_to_the_page_it_came_from(alice_client, nina):
    response = alice_client.post(
        reverse("relationships:queue_dismiss"), {"key": "cadence:1:x", "page": "2"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?page=2"
    response = alice_client.post(
        reverse("relationships:queue_dismiss"), {"key": "cadence:1:x", "page": "../evil"}
    )
    assert response["Location"] == QUEUE
