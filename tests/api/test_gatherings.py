"""/api/v1/gatherings: create, read, invite (with the waitlist), who sees the guests, a new
time and a cancellation (messages in the outbox), suggested times and breakout rounds."""

import datetime

import pytest
import time_machine

from hallway.accounts.models import Role
from hallway.gatherings.models import BreakoutRoom, Gathering, Guest, GuestRole, GuestStatus
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.services.guests import guest_answer
from hallway.messaging.models import OutboxMessage
from hallway.relationships.models import Contact
from tests.api.conftest import ApiClient, assert_error, token_for
from tests.factories import make_person, make_user

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
STARTS = "2026-12-17T17:00:00+01:00"
START = datetime.datetime(2026, 12, 17, 16, 0, tzinfo=datetime.UTC)
GUEST_FIELDS = {
    "id",
    "name",
    "email",
    "role",
    "status",
    "waitlist_position",
    "topics",
    "language",
    "timezone",
    "person_id",
    "contact_id",
}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def make_gathering(organisation, host, **fields):
    values = {"title": "Winter drinks", "starts_at": START, "minutes": 60, "capacity": 2}
    return gathering_create(
        organisation=organisation, hosts=[host], by=host, **{**values, **fields}
    )


@pytest.fixture
def party(acme, alice):
    return make_gathering(acme, alice)


def invite(api, gathering, emails, **extra):
    return api.post(f"/api/v1/gatherings/{gathering.pk}/guests", {"emails": emails, **extra})


# --- create, list, get ------------------------------------------------------------------------


def test_an_organiser_creates_a_gathering_hosted_by_members(olga_api, acme, alice, bob):
    response = olga_api.post(
        "/api/v1/gatherings",
        {
            "title": "After the cancelled DMEXCO",
            "starts_at": STARTS,
            "minutes": 90,
            "capacity": 8,
            "kind": "happy_hour",
            "topic": "Remote onboarding",
            "language": "de",
            "host_emails": ["BOB@acme.test", alice.email],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {
        "id",
        "title",
        "kind",
        "topic",
        "starts_at",
        "minutes",
        "capacity",
        "language",
        "video_url",
        "status",
        "hosts",
        "counts",
    }
    assert body["starts_at"] == "2026-12-17T16:00:00Z"
    assert body["kind"] == "happy_hour"
    assert body["language"] == "de"
    assert body["status"] == "scheduled"
    assert body["video_url"].startswith("https://")
    assert body["hosts"] == sorted([alice.email, bob.email])
    # Hosts are coming.
    assert body["counts"] == {"invited": 0, "yes": 2, "maybe": 0, "no": 0, "waitlisted": 0}
    gathering = Gathering.objects.get(pk=body["id"])
    assert gathering.organisation == acme
    assert gathering.guests.filter(role=GuestRole.HOST).count() == 2


def test_the_token_user_hosts_by_default(alice_api, alice):
    response = alice_api.post(
        "/api/v1/gatherings", {"title": "Drinks", "starts_at": STARTS, "minutes": 60}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["hosts"] == [alice.email]
    assert body["capacity"] == 10
    assert body["kind"] == "cocktail"


def test_a_start_without_an_offset_is_refused(alice_api):
    response = alice_api.post(
        "/api/v1/gatherings", {"title": "Drinks", "starts_at": "2026-12-17T17:00", "minutes": 60}
    )
    error = assert_error(response, 422, "validation_error")
    assert [(d["field"], d["code"]) for d in error["details"]] == [
        ("starts_at", "datetime_without_offset")
    ]
    assert not Gathering.objects.exists()


def test_the_services_rules_are_field_errors(alice_api, mallory):
    response = alice_api.post(
        "/api/v1/gatherings",
        {"title": "Drinks", "starts_at": "2026-12-01T17:00:00+01:00", "minutes": 60},
    )
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["starts_at"]

    response = alice_api.post(
        "/api/v1/gatherings",
        {"title": "Drinks", "starts_at": STARTS, "minutes": 60, "host_emails": [mallory.email]},
    )
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["host_emails"]
    assert mallory.email in error["details"][0]["message"]
    assert not Gathering.objects.exists()


def test_members_cannot_create(bob_api):
    response = bob_api.post(
        "/api/v1/gatherings", {"title": "Drinks", "starts_at": STARTS, "minutes": 60}
    )
    assert_error(response, 403, "forbidden")
    assert not Gathering.objects.exists()


def test_members_list_and_read_gatherings(bob_api, acme, alice, party):
    earlier = make_gathering(
        acme, alice, title="Earlier", starts_at=START - datetime.timedelta(days=3)
    )
    with time_machine.travel(NOW - datetime.timedelta(days=30), tick=False):
        past = make_gathering(
            acme, alice, title="November drinks", starts_at=NOW - datetime.timedelta(days=2)
        )

    body = bob_api.get("/api/v1/gatherings").json()
    assert body["count"] == 3
    assert [g["title"] for g in body["results"]] == ["Winter drinks", "Earlier", "November drinks"]

    upcoming = bob_api.get("/api/v1/gatherings", {"upcoming": "true"}).json()
    assert [g["id"] for g in upcoming["results"]] == [earlier.pk, party.pk]
    started = bob_api.get("/api/v1/gatherings", {"upcoming": "false"}).json()
    assert [g["id"] for g in started["results"]] == [past.pk]

    page = bob_api.get("/api/v1/gatherings", {"limit": 1}).json()
    assert page["count"] == 3
    assert page["next"].endswith("limit=1&offset=1")
    assert page["previous"] is None

    one = bob_api.get(f"/api/v1/gatherings/{party.pk}")
    assert one.status_code == 200
    assert one.json()["title"] == "Winter drinks"


def test_the_list_reads_a_page_in_a_fixed_number_of_queries(
    bob_api, acme, alice, django_assert_max_num_queries
):
    for n in range(6):
        make_gathering(acme, alice, title=f"Drinks {n}")
    # Token, membership, count, page, hosts: not one query per gathering.
    with django_assert_max_num_queries(8):
        assert bob_api.get("/api/v1/gatherings").json()["count"] == 6


def test_another_organisations_gathering_is_a_404(mallory_api, party):
    paths = [
        ("GET", f"/api/v1/gatherings/{party.pk}", None),
        ("PATCH", f"/api/v1/gatherings/{party.pk}", {"minutes": 30}),
        ("POST", f"/api/v1/gatherings/{party.pk}/cancel", None),
        ("GET", f"/api/v1/gatherings/{party.pk}/guests", None),
        ("POST", f"/api/v1/gatherings/{party.pk}/guests", {"emails": ["x@example.com"]}),
        ("GET", f"/api/v1/gatherings/{party.pk}/suggested-times", None),
        ("POST", f"/api/v1/gatherings/{party.pk}/breakouts", {"rounds": 2, "size": 2}),
        ("GET", f"/api/v1/gatherings/{party.pk}/breakouts", None),
    ]
    for method, path, body in paths:
        assert_error(mallory_api.request(method, path, body), 404, "not_found")
    assert mallory_api.get("/api/v1/gatherings").json()["count"] == 0
    party.refresh_from_db()
    assert party.minutes == 60
    assert party.status == "scheduled"
    assert party.guests.count() == 1
    assert not OutboxMessage.objects.exists()


# --- guests -----------------------------------------------------------------------------------


def test_inviting_fills_the_seats_then_the_waitlist(alice_api, acme, party):
    carla = make_person(acme, "Carla Conti", email="carla@acme.test", timezone="Europe/Rome")
    response = invite(
        alice_api,
        party,
        ["carla@acme.test", "new.person@elsewhere.example", "third@elsewhere.example"],
        senior_guest_email="ceo@elsewhere.example",
    )
    assert response.status_code == 200, response.content
    # Capacity 2: two seats, one on the waitlist; the senior guest takes no seat.
    assert response.json() == {"invited": 3, "waitlisted": 1, "created_contacts": 3}
    assert Contact.objects.filter(organisation=acme, kind="attendee").count() == 3

    body = alice_api.get(f"/api/v1/gatherings/{party.pk}").json()
    assert body["counts"] == {"invited": 3, "yes": 1, "maybe": 0, "no": 0, "waitlisted": 1}

    guests = alice_api.get(f"/api/v1/gatherings/{party.pk}/guests").json()["results"]
    assert all(set(g) == GUEST_FIELDS for g in guests)
    rows = [(g["email"], g["role"], g["status"], g["waitlist_position"]) for g in guests]
    assert rows == [
        ("alice@acme.test", "host", "yes", None),
        ("carla@acme.test", "guest", "invited", None),
        ("new.person@elsewhere.example", "guest", "invited", None),
        ("third@elsewhere.example", "guest", "waitlisted", 1),
        ("ceo@elsewhere.example", "senior", "invited", None),
    ]
    assert guests[1]["person_id"] == carla.pk
    assert guests[1]["timezone"] == "Europe/Rome"
    assert guests[2]["contact_id"] is not None
    types = sorted(OutboxMessage.objects.values_list("message_type", flat=True))
    assert types == ["gatherings_invitation"] * 3 + ["gatherings_waitlisted"]

    # Inviting again changes nothing and sends nothing.
    again = invite(alice_api, party, ["carla@acme.test"])
    assert again.json() == {"invited": 0, "waitlisted": 0, "created_contacts": 0}
    assert OutboxMessage.objects.count() == 4


def test_a_bad_address_changes_nothing(alice_api, party):
    response = invite(alice_api, party, ["good@example.com", "not an address"])
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["emails"]
    assert "not an address" in error["details"][0]["message"]

    response = invite(alice_api, party, ["good@example.com"], senior_guest_email="nobody")
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["senior_guest_email"]
    assert party.guests.count() == 1
    assert not Contact.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_cancelled_gathering_invites_nobody(alice_api, party):
    assert alice_api.post(f"/api/v1/gatherings/{party.pk}/cancel").status_code == 200
    error = assert_error(invite(alice_api, party, ["new@example.com"]), 409, "conflict")
    assert "cancelled" in error["message"]
    assert not Contact.objects.exists()


def test_guests_are_for_organisers_and_the_gatherings_hosts(acme, alice, bob, party):
    invite(ApiClient(token_for(alice, acme)), party, ["guest@example.com"])
    bob_api = ApiClient(token_for(bob, acme))
    olga_api = ApiClient(token_for(make_user("olga@acme.test", acme, Role.ORGANISER), acme))
    guests = f"/api/v1/gatherings/{party.pk}/guests"

    # A member reads the gathering and its counts, not who was invited.
    assert bob_api.get(f"/api/v1/gatherings/{party.pk}").status_code == 200
    for path in (guests, f"/api/v1/gatherings/{party.pk}/suggested-times"):
        assert_error(bob_api.get(path), 403, "forbidden")
    assert_error(invite(bob_api, party, ["more@example.com"]), 403, "forbidden")
    assert_error(bob_api.post(f"/api/v1/gatherings/{party.pk}/cancel"), 403, "forbidden")
    assert party.guests.count() == 2

    assert len(olga_api.get(guests).json()["results"]) == 2

    # A member who hosts sees and manages their own gathering.
    hosted = make_gathering(acme, bob, title="Bob's roundtable")
    assert len(bob_api.get(f"/api/v1/gatherings/{hosted.pk}/guests").json()["results"]) == 1
    assert invite(bob_api, hosted, ["friend@example.com"]).json()["invited"] == 1


# --- a new time, cancelling --------------------------------------------------------------------


def test_a_new_time_sends_every_seated_guest_the_update(alice_api, party):
    invite(alice_api, party, ["a@example.com", "b@example.com", "c@example.com"])
    before = OutboxMessage.objects.count()
    response = alice_api.patch(
        f"/api/v1/gatherings/{party.pk}",
        {"starts_at": "2026-12-18T18:00:00+01:00", "minutes": 90},
    )
    assert response.status_code == 200, response.content
    assert response.json()["starts_at"] == "2026-12-18T17:00:00Z"
    assert response.json()["minutes"] == 90
    updates = OutboxMessage.objects.order_by("id")[before:]
    # The two with a seat get the new time; the waitlist and the host do not.
    assert sorted(m.address for m in updates) == ["a@example.com", "b@example.com"]
    assert all(m.context["update"] for m in updates)
    assert all(m.context["calendar"]["sequence"] == 1 for m in updates)

    # Only the length: the same start.
    response = alice_api.patch(f"/api/v1/gatherings/{party.pk}", {"minutes": 45})
    assert response.json()["starts_at"] == "2026-12-18T17:00:00Z"
    assert response.json()["minutes"] == 45


def test_a_new_time_in_the_past_is_a_field_error(alice_api, party):
    response = alice_api.patch(
        f"/api/v1/gatherings/{party.pk}", {"starts_at": "2026-12-01T18:00:00+01:00"}
    )
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["starts_at"]
    party.refresh_from_db()
    assert party.starts_at == START


def test_cancelling_tells_the_guests_once(alice_api, party):
    invite(alice_api, party, ["a@example.com", "b@example.com", "c@example.com"])
    guest_answer(guest=Guest.objects.get(email="b@example.com"), answer="no")
    before = OutboxMessage.objects.count()
    response = alice_api.post(f"/api/v1/gatherings/{party.pk}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    cancellations = OutboxMessage.objects.order_by("id")[before:]
    assert {m.message_type for m in cancellations} == {"gatherings_cancelled"}
    # b said no (and c took the seat): a and c are told; the host is not.
    assert sorted(m.address for m in cancellations) == ["a@example.com", "c@example.com"]

    error = assert_error(alice_api.post(f"/api/v1/gatherings/{party.pk}/cancel"), 409, "conflict")
    assert "cancelled" in error["message"]
    error = assert_error(
        alice_api.patch(f"/api/v1/gatherings/{party.pk}", {"minutes": 30}), 409, "conflict"
    )
    assert OutboxMessage.objects.count() == before + 2


# --- suggested times, breakouts ----------------------------------------------------------------


def test_suggested_times(alice_api, acme, alice, party):
    make_person(acme, "Alice Adams", email="a.adams@acme.test", timezone="Europe/Berlin")
    make_person(acme, "Priya Rao", email="priya@acme.test", timezone="Asia/Kolkata")
    invite(alice_api, party, ["a.adams@acme.test", "priya@acme.test"])
    response = alice_api.get(f"/api/v1/gatherings/{party.pk}/suggested-times")
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert 1 <= len(suggestions) <= 5
    for suggestion in suggestions:
        assert set(suggestion) == {"start", "inside_hours", "outside_hours"}
        assert suggestion["start"].endswith("Z")
        start = datetime.datetime.fromisoformat(suggestion["start"])
        assert NOW <= start <= NOW + datetime.timedelta(days=15)
        assert suggestion["inside_hours"] + len(suggestion["outside_hours"]) == 3
    # Berlin and Kolkata share working hours: the best time suits all three.
    assert suggestions[0]["inside_hours"] == 3
    assert suggestions[0]["outside_hours"] == []


def test_breakouts_are_planned_and_stored(alice_api, acme, alice):
    party = make_gathering(acme, alice, capacity=10)
    emails = [f"guest{n}@example.com" for n in range(5)]
    invite(alice_api, party, emails)
    for guest in Guest.objects.filter(email__in=emails):
        guest_answer(guest=guest, answer=GuestStatus.YES)

    assert alice_api.get(f"/api/v1/gatherings/{party.pk}/breakouts").json() == {"rounds": []}
    response = alice_api.post(f"/api/v1/gatherings/{party.pk}/breakouts", {"rounds": 2, "size": 3})
    assert response.status_code == 201, response.content
    plan = response.json()
    assert set(plan) == {"rounds", "repeat_free"}
    assert isinstance(plan["repeat_free"], bool)
    assert len(plan["rounds"]) == 2
    everyone = sorted([alice.email, *emails])
    for rooms in plan["rounds"]:
        assert sorted(email for room in rooms for email in room) == everyone
        assert sorted(len(room) for room in rooms) == [3, 3]

    stored = alice_api.get(f"/api/v1/gatherings/{party.pk}/breakouts").json()
    assert [[room["members"] for room in rooms] for rooms in stored["rounds"]] == [
        [
            sorted(room, key=lambda e: Guest.objects.get(gathering=party, email=e).pk)
            for room in rooms
        ]
        for rooms in plan["rounds"]
    ]
    first = stored["rounds"][0][0]
    assert set(first) == {"number", "members", "video_url", "prompt"}
    assert first["number"] == 1
    assert first["video_url"].startswith("https://")
    assert BreakoutRoom.objects.filter(gathering=party).count() == 4


def test_breakouts_need_two_guests_who_said_yes(alice_api, party):
    response = alice_api.post(f"/api/v1/gatherings/{party.pk}/breakouts", {"rounds": 2, "size": 3})
    assert_error(response, 409, "conflict")
    response = alice_api.post(f"/api/v1/gatherings/{party.pk}/breakouts", {"rounds": 13, "size": 1})
    error = assert_error(response, 422, "validation_error")
    assert sorted(d["field"] for d in error["details"]) == ["rounds", "size"]
