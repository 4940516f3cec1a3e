"""Logging touches, adding orders, notes and personal details from the pages."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hallway.relationships.models import Contact, Detail, Note, Order, Touch, TouchSource
from tests.factories import make_company, make_contact, make_touch

HTMX = {"HX-Request": "true"}


@pytest.fixture
def brightside(acme):
    return make_company(acme, "Brightside GmbH")


@pytest.fixture
def nina(acme, brightside):
    return make_contact(acme, "Nina Vogel", company=brightside)


def test_log_a_touch_from_anywhere_in_two_requests(bob_client, bob, nina, brightside):
    url = reverse("relationships:contact_touch", kwargs={"pk": nina.pk})
    form = bob_client.get(url, headers=HTMX)
    html = form.content.decode()
    assert "<html" not in html
    assert 'value="call" selected' in html
    at = form.context["form"]["at"].value()
    response = bob_client.post(
        url,
        {"kind": "call", "at": at.strftime("%Y-%m-%dT%H:%M"), "summary": "Kids are fine"},
        headers=HTMX,
    )
    assert response["HX-Trigger"] == "touch-logged"
    assert "Logged: Call with Nina Vogel." in response.content.decode()
    touch = Touch.objects.get()
    assert (touch.by, touch.source, touch.company) == (bob, TouchSource.UI, brightside)
    assert list(touch.contacts.all()) == [nina]
    assert Contact.objects.get(pk=nina.pk).last_touch_at == touch.at


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC), tick=False)
def test_when_defaults_to_now_in_the_viewers_zone(bob_client, bob, nina):
    bob.timezone = "Asia/Kolkata"
    bob.save()
    url = reverse("relationships:contact_touch", kwargs={"pk": nina.pk})
    assert 'value="2026-03-02T15:00"' in bob_client.get(url).content.decode()
    bob_client.post(url, {"kind": "video", "at": "2026-03-02T15:00"})
    touch = Touch.objects.get()
    assert touch.at == datetime.datetime(
        2026, 3, 2, 15, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Kolkata")
    )


def test_without_javascript_the_form_is_a_page_and_redirects(bob_client, nina):
    url = reverse("relationships:contact_touch", kwargs={"pk": nina.pk})
    assert "<html" in bob_client.get(url).content.decode()
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = bob_client.post(url, {"kind": "email", "at": now})
    assert response.url == reverse("relationships:contact", kwargs={"pk": nina.pk})
    future = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = bob_client.post(url, {"kind": "email", "at": future})
    assert "choose a past time" in response.content.decode()
    assert Touch.objects.count() == 1


def test_a_company_touch_chooses_among_its_contacts(bob_client, acme, brightside, nina):
    stranger = make_contact(acme, "Someone Else")
    url = reverse("relationships:company_touch", kwargs={"pk": brightside.pk})
    html = bob_client.get(url, headers=HTMX).content.decode()
    assert "Nina Vogel" in html
    assert "Someone Else" not in html
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    bob_client.post(url, {"contact": stranger.pk, "kind": "call", "at": now}, headers=HTMX)
    assert not Touch.objects.exists()
    bob_client.post(url, {"contact": nina.pk, "kind": "meeting", "at": now}, headers=HTMX)
    bob_client.post(url, {"contact": "", "kind": "email", "at": now}, headers=HTMX)
    assert [list(t.contacts.all()) for t in Touch.objects.order_by("id")] == [[nina], []]
    assert set(Touch.objects.values_list("company", flat=True)) == {brightside.pk}


def test_timeline_newest_first_twenty_at_a_time(bob_client, acme, nina):
    start = timezone.now() - datetime.timedelta(days=30)
    for day in range(25):
        make_touch(acme, nina, at=start + datetime.timedelta(days=day))
    page = bob_client.get(reverse("relationships:contact", kwargs={"pk": nina.pk}))
    timeline = page.context["timeline"]
    assert len(timeline.touches) == 20
    assert timeline.touches[0].at > timeline.touches[-1].at
    assert timeline.next_page == 2
    more = bob_client.get(
        reverse("relationships:contact_touches", kwargs={"pk": nina.pk}), {"page": 2}, headers=HTMX
    )
    assert len(more.context["timeline"].touches) == 5
    assert more.context["timeline"].next_page is None
    assert "Show more" not in more.content.decode()


def test_add_an_order_inline(bob_client, brightside):
    url = reverse("relationships:company_order", kwargs={"pk": brightside.pk})
    bob_client.post(url, {"title": "Senior Java developer", "at": "2026-02-01", "status": "open"})
    order = Order.objects.get()
    assert order.title == "Senior Java developer"
    assert brightside.__class__.objects.get(pk=brightside.pk).last_order_on == datetime.date(
        2026, 2, 1
    )
    response = bob_client.post(url, {"title": "", "at": "x", "status": "open"}, follow=True)
    assert Order.objects.count() == 1
    assert "This field is required." in response.content.decode()


def test_notes_private_by_default_and_only_the_author_edits(bob_client, client, alice, bob, nina):
    bob_client.post(
        reverse("relationships:contact_note_add", kwargs={"pk": nina.pk}),
        {"text": "Prefers calls before 10", "visibility": "private"},
    )
    note = Note.objects.get()
    assert (note.author, note.visibility) == (bob, "private")
    edit = reverse("relationships:note_edit", kwargs={"pk": note.pk})
    bob_client.post(edit, {"text": "Prefers calls before 11", "visibility": "organisation"})
    note.refresh_from_db()
    assert (note.text, note.visibility) == ("Prefers calls before 11", "organisation")
    client.force_login(alice)
    assert client.get(edit).status_code == 404  # visible to her, but not hers
    assert (
        client.post(reverse("relationships:note_delete", kwargs={"pk": note.pk})).status_code == 404
    )
    bob_client.force_login(bob)
    bob_client.post(reverse("relationships:note_delete", kwargs={"pk": note.pk}))
    assert not Note.objects.exists()


def test_company_notes(bob_client, brightside):
    bob_client.post(
        reverse("relationships:company_note_add", kwargs={"pk": brightside.pk}),
        {"text": "Budget round in March", "visibility": "owners"},
    )
    html = bob_client.get(
        reverse("relationships:company", kwargs={"pk": brightside.pk})
    ).content.decode()
    assert "Budget round in March" in html


def test_personal_details_ask_next_time_and_asked(bob_client, client, alice, nina):
    bob_client.post(
        reverse("relationships:contact_detail_add", kwargs={"pk": nina.pk}),
        {"text": "Running the Köln marathon", "due_on": "2026-10-05", "visibility": "organisation"},
    )
    detail = Detail.objects.get()
    assert detail.ask_next_time
    assert detail.due_on == datetime.date(2026, 10, 5)
    html = bob_client.get(reverse("relationships:contact", kwargs={"pk": nina.pk})).content.decode()
    assert "Running the Köln marathon" in html
    assert "Mark as asked" in html
    client.force_login(alice)  # a colleague had the call
    client.post(reverse("relationships:detail_asked", kwargs={"pk": detail.pk}))
    detail.refresh_from_db()
    assert detail.asked_at is not None
    assert (
        client.post(reverse("relationships:detail_delete", kwargs={"pk": detail.pk})).status_code
        == 404
    )
    assert Detail.objects.exists()
