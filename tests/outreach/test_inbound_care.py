"""An ATS's placements through the signed inbound webhook: placement.started records the
placement (and a new contractor and client) with its check-in plan, placement.ended ends
it; a bad payload is a 400 and changes nothing."""

import datetime

import pytest
import time_machine

from hallway.outreach.models import Placement, PlacementStatus
from hallway.relationships.models import Company, Contact
from hallway.rituals.services.gong_webhook import DEFAULT_MAPPING, gong_webhook_create
from tests.outreach.care_helpers import client_of
from tests.rituals.gong_helpers import signed

NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)
STARTED = {
    "event": "placement.started",
    "id": "pl-4711",
    "contractor": {"name": "Lena Fischer", "email": "Lena@Example.com", "language": "de"},
    "client": {"name": "Brightside GmbH"},
    "start": "2026-10-01",
    "end": "2027-03-31",
    "owner_email": "Alice@acme.test",
}


@pytest.fixture
def hook(acme):
    return gong_webhook_create(
        organisation=acme, name="ATS", mapping=dict(DEFAULT_MAPPING), now=NOW
    )


def post(client, hook, payload):
    webhook, secret = hook
    with time_machine.travel(NOW, tick=False):
        return signed(client, f"/api/v1/gong/webhook/{webhook.token}", payload, secret)


def test_placement_started_records_contractor_client_and_plan(client, acme, alice, hook):
    response = post(client, hook, STARTED)
    assert response.status_code == 202, response.content
    placement = Placement.objects.get()
    assert placement.external_id == "pl-4711"
    assert placement.owner == alice
    assert (placement.starts_on, placement.ends_on) == (
        datetime.date(2026, 10, 1),
        datetime.date(2027, 3, 31),
    )
    contractor = placement.contractor
    assert (contractor.email, contractor.kind, contractor.language) == (
        "lena@example.com",
        "contractor",
        "de",
    )
    assert placement.company.name == "Brightside GmbH"
    assert placement.check_ins.count() == 5
    # Sent again: nothing new.
    assert post(client, hook, STARTED).status_code == 202
    assert Placement.objects.count() == 1
    assert Contact.objects.count() == 1


def test_known_client_and_contractor_are_used(client, acme, hook):
    company = client_of(acme)
    assert post(client, hook, {**STARTED, "client": {"name": "brightside gmbh"}}).status_code == 202
    assert Placement.objects.get().company == company
    assert Company.objects.count() == 1


def test_placement_ended(client, acme, hook):
    post(client, hook, STARTED)
    response = post(
        client, hook, {"event": "placement.ended", "id": "pl-4711", "end": "2026-12-31"}
    )
    assert response.status_code == 202, response.content
    placement = Placement.objects.get()
    assert (placement.status, placement.ends_on) == (
        PlacementStatus.ENDED,
        datetime.date(2026, 12, 31),
    )
    assert list(placement.check_ins.values_list("kind", flat=True)) == [
        "day_30",
        "day_45",
        "day_60",
        "halfway",  # 30 December: before the new end; two weeks before it is dropped
    ]


@pytest.mark.parametrize(
    "payload",
    [
        {**STARTED, "start": "tomorrow"},
        {**STARTED, "end": "2026-09-01"},
        {**STARTED, "contractor": "Lena"},
        {**STARTED, "contractor": {"name": "Lena", "email": "not-an-address"}},
        {**STARTED, "contractor": {**STARTED["contractor"], "language": "fr"}},
        {key: value for key, value in STARTED.items() if key != "client"},
        {key: value for key, value in STARTED.items() if key != "id"},
        {"event": "placement.ended", "id": "unknown", "end": "2026-12-31"},
        {"event": "placement.ended", "id": "pl-4711"},
    ],
)
def test_a_bad_payload_is_400_and_changes_nothing(client, acme, hook, payload):
    response = post(client, hook, payload)
    assert response.status_code == 400, response.content
    assert not Placement.objects.exists()
    assert not Contact.objects.exists()
    assert not Company.objects.exists()
