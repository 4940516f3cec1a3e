"""An ATS drives candidate updates through the signed webhook: "order.created" records the
job, "candidate.stage_changed" puts the candidate on it (telling them when asked); a bad
payload is a 400 and records nothing."""

import datetime

import pytest

from hallway.messaging.inbound import inbound_event_get
from hallway.outreach.models import Candidacy, PersonalMessage, Source, Stage
from hallway.relationships.models import Company, Contact, ContactKind, Order
from hallway.rituals.services.gong_webhook import DEFAULT_MAPPING, gong_webhook_create
from tests.outreach.jobs_helpers import MONDAY, make_candidate, make_job
from tests.rituals.gong_helpers import signed

ORDER = {
    "event": "order.created",
    "id": "job-311",
    "company": {"name": "Lakeshore Outfitters", "external_id": "client-42"},
    "title": "Backend Engineer",
    "date": "2026-12-01",
    "status": "open",
}
STAGE = {
    "event": "candidate.stage_changed",
    "id": "application-8812",
    "job": {
        "external_id": "job-311",
        "title": "Backend Engineer",
        "company": "Lakeshore Outfitters",
    },
    "candidate": {"name": "Lena Vogel", "email": "Lena.Vogel@Example.com", "language": "de"},
    "stage": "screening",
    "recruiter_email": "alice@acme.test",
    "notify": True,
}


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY)


@pytest.fixture
def hook(acme):
    return gong_webhook_create(
        organisation=acme, name="ATS", mapping=dict(DEFAULT_MAPPING), now=MONDAY
    )


def post(client, hook, payload):
    webhook, secret = hook
    return signed(client, f"/api/v1/gong/webhook/{webhook.token}", payload, secret)


def test_an_order_created_records_the_client_and_the_job_once(client, acme, hook):
    assert post(client, hook, ORDER).status_code == 202
    assert post(client, hook, ORDER).status_code == 202
    order = Order.objects.get()
    assert (order.title, order.external_id, order.at) == (
        "Backend Engineer",
        "job-311",
        datetime.date(2026, 12, 1),
    )
    assert order.company.name == "Lakeshore Outfitters"
    assert Company.objects.count() == 1


def test_a_stage_change_puts_a_new_candidate_on_the_job_and_tells_them(client, acme, alice, hook):
    post(client, hook, ORDER)
    assert post(client, hook, STAGE).status_code == 202
    candidacy = Candidacy.objects.select_related("contact").get()
    assert candidacy.stage == Stage.SCREENING
    assert candidacy.owner == alice
    assert candidacy.external_id == "application-8812"
    lena = candidacy.contact
    assert (lena.email, lena.kind, lena.language) == (
        "lena.vogel@example.com",
        ContactKind.CANDIDATE,
        "de",
    )
    message = PersonalMessage.objects.get(source=Source.STAGE)
    assert message.language == "de"
    assert message.owner == alice

    # The same event again changes nothing; the next stage moves her on.
    assert post(client, hook, STAGE).status_code == 202
    assert PersonalMessage.objects.count() == 1
    assert post(client, hook, dict(STAGE, stage="interview")).status_code == 202
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.INTERVIEW
    assert PersonalMessage.objects.count() == 2
    assert Contact.objects.count() == 1


def test_a_stage_change_finds_a_known_candidate_and_job_without_telling(client, acme, hook):
    job = make_job(acme, company=None)
    emma = make_candidate(acme, "Emma Clark")
    payload = dict(
        STAGE,
        job={"title": "backend engineer", "company": "lakeshore outfitters"},
        candidate={"name": "Emma C.", "email": emma.email},
        notify=False,
        recruiter_email="nobody@acme.test",
    )
    assert post(client, hook, payload).status_code == 202
    candidacy = Candidacy.objects.get()
    assert (candidacy.order, candidacy.contact, candidacy.owner) == (job, emma, None)
    assert not PersonalMessage.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        dict(STAGE, stage="hired-ish"),
        dict(STAGE, candidate={"name": "Lena"}),
        dict(STAGE, job="Backend Engineer"),
        dict(STAGE, job={"title": "Backend Engineer"}),
        dict(STAGE, job={"external_id": "unknown-9", "company": "Lakeshore Outfitters"}),
        dict(ORDER, title=""),
        dict(ORDER, status="paused"),
        dict(ORDER, date="1.12.2026"),
        dict(ORDER, company=None),
    ],
)
def test_a_bad_payload_is_a_400_and_records_nothing(client, acme, hook, payload):
    answer = post(client, hook, payload)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"]
    assert not Order.objects.exists()
    assert not Company.objects.exists()
    assert not Contact.objects.exists()
    assert not Candidacy.objects.exists()


def test_each_event_has_an_example_its_handler_accepts(acme):
    for name in ("order.created", "candidate.stage_changed"):
        event = inbound_event_get(name)
        assert event is not None
        assert event.example["event"] == name
        event.handler(acme, event.example, MONDAY)
    assert Candidacy.objects.count() == 1
