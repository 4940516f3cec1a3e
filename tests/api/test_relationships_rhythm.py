"""/api/v1/relationships/quiet and /queue."""

import datetime

import pytest
import time_machine

from hallway.relationships.models import Company, Detail, Order, Visibility
from hallway.relationships.services.rhythms import rhythms_recount
from tests.api.conftest import assert_error
from tests.factories import make_company, make_contact

QUIET = "/api/v1/relationships/quiet"
QUEUE = "/api/v1/relationships/queue"
TODAY = datetime.date(2026, 12, 7)
NOW = datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def _weekly_client(organisation, name, silent_days, owner=None):
    company = make_company(organisation, name)
    if owner is not None:
        company.owners.add(owner)
    last = TODAY - datetime.timedelta(days=silent_days)
    Order.objects.bulk_create(
        Order(
            organisation=organisation,
            company=company,
            title="Order",
            at=last - datetime.timedelta(days=7 * n),
        )
        for n in range(30)
    )
    Company.objects.filter(pk=company.pk).update(last_order_on=last)
    return company


@pytest.fixture
def book(acme, alice, bob):
    quiet = _weekly_client(acme, "Brightside GmbH", 35, owner=alice)
    _weekly_client(acme, "Northwind BV", 2, owner=alice)
    nina = make_contact(
        acme,
        "Nina Vogel",
        company=quiet,
        owners=[alice],
        cadence_days=14,
        created_at=NOW - datetime.timedelta(days=60),
    )
    rhythms_recount(organisation=acme, today=TODAY)
    return quiet, nina


def test_the_quiet_list(bob_api, book):
    quiet, _nina = book
    response = bob_api.get(QUIET)
    assert response.status_code == 200
    [result] = response.json()["results"]
    # Quiet after three weeks: its usual week and the two more weeks of the floor.
    assert 1.6 < result.pop("score") < 1.7
    assert result == {
        "company_id": quiet.pk,
        "name": "Brightside GmbH",
        "usual_gap_days": 7,
        "days_since_last": 35,
        "reason": "No order for 35 days; usually one every 7 days.",
    }


def test_the_quiet_list_speaks_the_requests_language(bob_api, book):
    response = bob_api.get(QUIET, headers={"Accept-Language": "de"})
    [result] = response.json()["results"]
    assert result["reason"].startswith("Seit 35 Tagen")


def test_the_quiet_list_of_another_organisation_is_its_own(mallory_api, book):
    assert mallory_api.get(QUIET).json() == {"results": []}


def test_my_queue_in_rank_order(alice_api, alice, book):
    quiet, nina = book
    response = alice_api.get(QUEUE, {"user": "alice@acme.test"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["kind"], r.get("contact_id"), r.get("company_id")) for r in results] == [
        ("cadence", nina.pk, None),
        ("quiet", None, quiet.pk),
    ]
    assert results[0]["reason"] == "Keep in touch every 14 days; no touch yet."
    assert "detail_id" not in results[0]
    # Without `user`, the token's own queue.
    assert alice_api.get(QUEUE).json()["results"] == results


def test_someone_elses_queue_needs_an_organiser(bob_api, olga_api, book):
    assert_error(bob_api.get(QUEUE, {"user": "alice@acme.test"}), 403, "forbidden")
    assert len(olga_api.get(QUEUE, {"user": "ALICE@acme.test"}).json()["results"]) == 2


def test_private_details_stay_out_of_someone_elses_queue(acme, alice, olga_api, alice_api, book):
    _quiet, nina = book
    Detail.objects.create(
        organisation=acme,
        author=alice,
        contact=nina,
        text="Her father is ill",
        ask_next_time=True,
        visibility=Visibility.PRIVATE,
    )
    own = alice_api.get(QUEUE).json()["results"]
    assert any(item["kind"] == "ask" for item in own)
    theirs = olga_api.get(QUEUE, {"user": "alice@acme.test"}).json()["results"]
    assert not any(item["kind"] == "ask" for item in theirs)
    assert "ill" not in str(theirs)


def test_a_queue_of_someone_who_is_not_a_member(olga_api, mallory, book):
    assert_error(olga_api.get(QUEUE, {"user": "mallory@globex.test"}), 404, "not_found")
    assert_error(olga_api.get(QUEUE, {"user": "nobody@acme.test"}), 404, "not_found")
    assert_error(olga_api.get(QUEUE, {"user": "not an email"}), 422, "validation_error")


def test_both_need_a_token(anonymous_api, book):
    assert_error(anonymous_api.get(QUIET), 401, "unauthorized")
    assert_error(anonymous_api.get(QUEUE), 401, "unauthorized")
