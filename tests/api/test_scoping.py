"""Another organisation's objects are a 404 on every API route, including future ones.

The routes are enumerated from the API itself, so a new route with an id is walked
automatically; if it takes an id this test does not know yet, the test fails and asks
for an Acme object of that kind.
"""

import datetime
import re

import pytest
from django.utils import timezone

from hallway.api.router import operations
from hallway.gatherings.models import SeriesCadence
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.services.guests import guest_answer, guests_invite, invitees_by_email
from hallway.gatherings.services.series import series_create
from hallway.people.models import Person
from hallway.rituals.models import Pulse
from hallway.rituals.services.gong import celebration_post
from hallway.rituals.services.pulse import pulse_save
from tests.api.conftest import assert_error
from tests.factories import (
    make_company,
    make_contact,
    make_message,
    make_program,
    make_round_of_pairs,
)

PARAMETER = re.compile(r"\{(?:\w+:)?(\w+)\}")
CATCH_ALL = "/api/{path:rest}"

# A body the route accepts, so that the lookup (not validation) decides the answer.
BODIES = {
    ("PATCH", "/api/v1/people/{int:person_id}"): {"job_title": "Spy"},
    ("PATCH", "/api/v1/coffee/programs/{int:program_id}"): {"description": "Spy"},
    ("PATCH", "/api/v1/companies/{int:company_id}"): {"industry": "Spy"},
    ("PATCH", "/api/v1/contacts/{int:contact_id}"): {"job_title": "Spy"},
    ("POST", "/api/v1/coffee/pairings/{int:pairing_id}/feedback"): lambda objects: {
        "outcome": "met",
        "person_id": objects["member_person_id"],
    },
    ("PATCH", "/api/v1/gatherings/{int:gathering_id}"): {"minutes": 30},
    ("POST", "/api/v1/gatherings/{int:gathering_id}/guests"): {"emails": ["spy@example.com"]},
    ("POST", "/api/v1/gatherings/{int:gathering_id}/breakouts"): {"rounds": 1, "size": 2},
    ("PATCH", "/api/v1/gathering-series/{int:series_id}"): {"active": False},
    ("PATCH", "/api/v1/pulses/{int:pulse_id}"): {"name": "Spy"},
    ("PATCH", "/api/v1/projects/{int:project_id}"): {"goal": "Spy"},
    ("PATCH", "/api/v1/segments/{int:segment_id}"): {"name": "Spy"},
    ("PATCH", "/api/v1/campaigns/{int:campaign_id}"): {"title": "Spy"},
    ("POST", "/api/v1/projects/{int:project_id}/roster"): {
        "side": "ours",
        "email": "carol@acme.test",
    },
    ("PATCH", "/api/v1/projects/{int:project_id}/roster/{int:member_id}"): {"role": "Spy"},
    ("POST", "/api/v1/projects/{int:project_id}/one-on-ones/plan"): {
        "weeks": 1,
        "per_week": 1,
        "dry_run": True,
    },
    ("POST", "/api/v1/projects/{int:project_id}/one-on-ones/{int:one_on_one_id}/answer"): {
        "answer": "met"
    },
    ("POST", "/api/v1/approvals/{int:approval_id}/approve"): {"subject": "Spy"},
    ("POST", "/api/v1/projects/{int:project_id}/kickoff"): lambda objects: {
        "start": (timezone.now() + datetime.timedelta(days=3)).isoformat()
    },
    ("POST", "/api/v1/projects/{int:project_id}/series"): {
        "name": "Weekly",
        "kind": "weekly",
        "starts_on": "2026-12-10",
        "at": "16:00",
    },
    ("PATCH", "/api/v1/projects/{int:project_id}/series/{int:meeting_series_id}"): {"minutes": 45},
    # Ending comes first in the walk: the day before stays a day of the series.
    ("POST", "/api/v1/projects/{int:project_id}/series/{int:meeting_series_id}/held"): (
        lambda objects: {"on": objects["meeting_day"], "held": True}
    ),
    ("POST", "/api/v1/projects/{int:project_id}/series/{int:meeting_series_id}/note"): (
        lambda objects: {"on": objects["meeting_day"], "text": "Spy"}
    ),
    ("POST", "/api/v1/orders/{int:order_id}/candidates"): lambda objects: {
        "contact_id": objects["contact_id"]
    },
    ("PATCH", "/api/v1/candidacies/{int:candidacy_id}"): {"stage": "offer"},
    ("POST", "/api/v1/orders/{int:order_id}/freeze"): lambda objects: {
        "stages": ["applied"],
        "resume_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    },
    ("PATCH", "/api/v1/placements/{int:placement_id}"): {"starts_on": "2026-10-02"},
    ("POST", "/api/v1/placements/{int:placement_id}/end"): {"ended_on": "2027-01-31"},
    ("PATCH", "/api/v1/sequences/{int:sequence_id}"): {"description": "Spy"},
    ("PUT", "/api/v1/sequences/{int:sequence_id}/steps"): {
        "steps": [{"kind": "wait", "wait_days": 2}]
    },
    ("POST", "/api/v1/sequences/{int:sequence_id}/enrollments"): lambda objects: {
        "contact_ids": [objects["contact_id"]]
    },
    ("POST", "/api/v1/quiet-proposals/{int:proposal_id}/note"): {"subject": "Hi", "body": "Spy"},
}
# Round actions whose answer for the owner depends on the round's state (409 is fine).
STATEFUL = {
    ("POST", "/api/v1/coffee/programs/{int:program_id}/rounds"),
    ("POST", "/api/v1/coffee/rounds/{int:round_id}/announce"),
    ("POST", "/api/v1/coffee/rounds/{int:round_id}/close"),
    # Walked after the gathering's cancellation, which refuses invitations.
    ("POST", "/api/v1/gatherings/{int:gathering_id}/guests"),
    # A quiet client's proposal takes one answer; the next is a 409.
    ("POST", "/api/v1/quiet-proposals/{int:proposal_id}/call"),
    ("POST", "/api/v1/quiet-proposals/{int:proposal_id}/dismiss"),
    ("POST", "/api/v1/quiet-proposals/{int:proposal_id}/note"),
}


def body_for(method, path, acme_objects):
    body = BODIES.get((method, path), {})
    return body(acme_objects) if callable(body) else body


# Not an organisation's object: the webhook's token finds its organisation, and the
# request's signature decides (tests/rituals/test_gong_webhook.py).
NOT_OBJECT_ROUTES = {("POST", "/api/v1/gong/webhook/{token}")}


def routes_with_ids():
    found = [
        (method, path)
        for method, path, _operation in operations()
        if path != CATCH_ALL and PARAMETER.search(path) and (method, path) not in NOT_OBJECT_ROUTES
    ]
    # Destructive methods last, so the positive control below can reuse the same objects.
    return sorted(found, key=lambda route: (route[0] == "DELETE", route))


def make_party(acme, host):
    """A gathering with a guest who said yes beside its host (enough for breakout rooms)."""
    starts_at = timezone.now() + datetime.timedelta(days=10)
    party = gathering_create(
        organisation=acme, title="Drinks", hosts=[host], starts_at=starts_at, minutes=60, by=host
    )
    invitees, created = invitees_by_email(gathering=party, emails=["yes@example.com"], source="")
    guests_invite(gathering=party, invitees=invitees, by=host, created_contacts=created)
    guest_answer(guest=party.guests.get(email="yes@example.com"), answer="yes")
    return party


@pytest.fixture
def acme_objects(carol, dave, alice):
    """One Acme object for each kind of id a route can take."""
    message = make_message(carol.organisation, "api-scoping", person=carol, context={})
    program = make_program(carol.organisation, name="Coffee")
    round_ = make_round_of_pairs(program, pairs=1)
    pairing = round_.pairings.get()
    return {
        "person_id": carol.pk,
        "message_id": message.pk,
        "program_id": program.pk,
        "round_id": round_.pk,
        "pairing_id": pairing.pk,
        "member_person_id": pairing.members.first().person_id,
        "company_id": make_company(carol.organisation, "Kessler Logistik").pk,
        "contact_id": make_contact(carol.organisation, "Jana Kessler").pk,
        "gathering_id": make_party(carol.organisation, alice).pk,
        "celebration_id": celebration_post(
            organisation=carol.organisation,
            kind="win",
            title="A win",
            source="ui",
            now=timezone.now(),
        ).pk,
        "series_id": series_create(
            organisation=carol.organisation,
            title="Friday drinks",
            hosts=[alice],
            cadence=SeriesCadence.WEEKLY_FRIDAY,
            first_on=datetime.date(2026, 12, 4),
            department="Engineering",
            by=alice,
        ).pk,
        "pulse_id": pulse_save(
            pulse=Pulse(
                organisation=carol.organisation, name="Pulse", starts_on=datetime.date(2026, 12, 1)
            )
        ).pk,
        **_standup_ids(carol, alice),
        **_project_ids(dave),
        **_outreach_ids(carol.organisation, alice),
        **_campaign_ids(carol.organisation),
        **_job_ids(alice),
        **_placement_ids(carol.organisation),
        **_sequence_ids(carol.organisation),
        "proposal_id": _quiet_proposal_id(alice),
    }


def _outreach_ids(organisation, alice):
    """A message waiting for Alice's approval, and a task of hers."""
    from hallway.outreach.models import OwnerTask, PersonalMessage

    contact = make_contact(organisation, "Tom Reyes")
    message = PersonalMessage.objects.create(
        organisation=organisation,
        contact=contact,
        owner=alice,
        source="quiet",
        key="api-scoping",
        subject="Hello",
        body="Hello Tom",
        status="pending",
    )
    task = OwnerTask.objects.create(
        organisation=organisation,
        owner=alice,
        contact=contact,
        kind="call",
        title="Call Tom",
        source="quiet",
        key="api-scoping",
        due_on=datetime.date(2026, 12, 8),
    )
    return {"approval_id": message.pk, "task_id": task.pk}


def _job_ids(alice):
    from hallway.outreach.models import Candidacy
    from hallway.relationships.models import Order

    organisation = alice.memberships.get().organisation
    order = Order.objects.create(
        organisation=organisation,
        company=make_company(organisation, "Brightside GmbH"),
        title="Backend Engineer",
        at=datetime.date(2026, 12, 1),
    )
    candidacy = Candidacy.objects.create(
        organisation=organisation,
        order=order,
        contact=make_contact(organisation, "Kim Jansen", kind="candidate"),
        owner=alice,
    )
    return {"order_id": order.pk, "candidacy_id": candidacy.pk}


def _placement_ids(organisation):
    from hallway.outreach.services.care import placement_record

    placement = placement_record(
        organisation=organisation,
        contractor=make_contact(organisation, "Lena Fischer", kind="contractor"),
        company=make_company(organisation, "Brightside GmbH"),
        starts_on=datetime.date(2026, 10, 1),
        ends_on=None,
        owner=None,
        now=timezone.now(),
    )
    return {"placement_id": placement.pk}


def _quiet_proposal_id(alice):
    from hallway.outreach.models import QuietProposal

    organisation = alice.memberships.get().organisation
    company = make_company(organisation, "Quiet Ltd")
    return QuietProposal.objects.create(
        organisation=organisation,
        company=company,
        contact=make_contact(organisation, "Quinn Quiet", company=company),
        owner=alice,
        quiet_on=datetime.date(2026, 11, 1),
        fallback_on=timezone.localdate() + datetime.timedelta(days=5),
    ).pk


def _standup_ids(carol, alice):
    from tests.rituals.test_standup_api import blocked_checkin

    checkin = blocked_checkin(carol.organisation, carol, alice)
    return {"standup_id": checkin.occurrence.standup_id, "checkin_id": checkin.pk}


def _sequence_ids(organisation):
    from hallway.outreach.models import Enrollment, Sequence

    sequence = Sequence.objects.create(organisation=organisation, name="Welcome")
    enrollment = Enrollment.objects.create(
        organisation=organisation,
        sequence=sequence,
        contact=make_contact(organisation, "Sequence Sam"),
    )
    return {"sequence_id": sequence.pk, "enrollment_id": enrollment.pk}


def _project_ids(dave):
    """A project with Dave (not Carol: the walk puts her on it) and a client contact."""
    from hallway.projects.models import OneOnOne, Project, SeriesKind, Side
    from hallway.projects.services.roster import roster_add
    from hallway.projects.services.series import SeriesFields
    from hallway.projects.services.series import series_create as project_series_create

    organisation = dave.organisation
    start = datetime.date(2026, 12, 1)
    project = Project.objects.create(
        organisation=organisation,
        name="Rollout",
        company=make_company(organisation, "Lakeshore Outfitters"),
        starts_on=start,
    )
    ours = roster_add(project=project, side=Side.OURS, person=dave, joined_on=start)
    theirs = roster_add(
        project=project,
        side=Side.CLIENT,
        contact=make_contact(organisation, "Megan Brooks"),
        joined_on=start,
    )
    one_on_one = OneOnOne.objects.create(
        organisation=organisation, project=project, ours=ours, theirs=theirs
    )
    # A daily check-in with the client for a week, so that yesterday had one.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    check_in = project_series_create(
        project=project,
        values=SeriesFields(
            name="Check-in",
            kind=SeriesKind.CHECK_IN,
            rule="FREQ=DAILY",
            starts_on=yesterday - datetime.timedelta(days=6),
            at=datetime.time(0, 0),
            members=[theirs],
        ),
        by=None,
        now=timezone.now(),
    )
    return {
        "project_id": project.pk,
        "member_id": ours.pk,
        "one_on_one_id": one_on_one.pk,
        "meeting_series_id": check_in.pk,
        "meeting_day": yesterday.isoformat(),
    }


def _campaign_ids(organisation):
    """A segment no article uses (so deleting it works) and a draft article."""
    from tests.outreach.campaign_helpers import article, clients_segment

    campaign = article(organisation, clients_segment(organisation, name="Article's"))
    return {"segment_id": clients_segment(organisation).pk, "campaign_id": campaign.pk}


def fill(path, acme_objects):
    def substitute(match):
        name = match.group(1)
        assert name in acme_objects, f"{path}: add an Acme object for {{{name}}} to acme_objects"
        return str(acme_objects[name])

    return PARAMETER.sub(substitute, path)


def test_the_walk_covers_the_people_routes():
    assert {("GET", "/api/v1/people/{int:person_id}"), ("PATCH", "/api/v1/people/{int:person_id}"),
            ("DELETE", "/api/v1/people/{int:person_id}")} <= set(routes_with_ids())  # fmt: skip


def test_every_route_with_an_id_hides_other_organisations(
    mallory_api, alice_api, acme_objects, carol
):
    routes = routes_with_ids()
    for method, path in routes:
        url = fill(path, acme_objects)
        response = mallory_api.request(method, url, body_for(method, path, acme_objects))
        assert_error(response, 404, "not_found")
        assert str(carol.pk) not in response.content.decode(), (method, path)

    carol.refresh_from_db()
    assert carol.job_title == ""
    assert Person.objects.filter(pk=carol.pk).exists()

    # Positive control: the same requests work for Acme's admin, so the 404s above
    # came from scoping, not from a broken route.
    for method, path in routes:
        url = fill(path, acme_objects)
        response = alice_api.request(method, url, body_for(method, path, acme_objects))
        if (method, path) in STATEFUL and response.status_code == 409:
            continue
        assert response.status_code < 400, (method, path, response.content)


def test_lists_show_only_the_own_organisation(mallory_api, carol, dave):
    for path in ("/api/v1/people", "/api/v1/teams", "/api/v1/locations"):
        body = mallory_api.get(path).json()
        assert body["count"] == 0, path
        assert body["results"] == [], path
    assert mallory_api.get("/api/v1/people", {"email": "carol@acme.test"}).json()["count"] == 0


def test_names_resolve_within_the_own_organisation(mallory_api, olga_api, globex, carol):
    """Mallory cannot make Carol a manager in Globex, nor join Acme's team by name."""
    from hallway.people.models import Team

    response = mallory_api.post(
        "/api/v1/people",
        {"name": "Max", "email": "max@globex.test", "manager": "carol@acme.test"},
    )
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["manager"]

    response = mallory_api.post(
        "/api/v1/people", {"name": "Max", "email": "max@globex.test", "team": "Platform"}
    )
    assert response.status_code == 201
    assert Person.objects.get(email="max@globex.test").team.organisation == globex
    assert Team.objects.filter(name="Platform").count() == 2
