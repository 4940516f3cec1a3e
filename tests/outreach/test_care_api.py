"""/api/v1/placements and a client's contractor feedback: members read, organisers write,
answers only for the owner and organisers, another organisation's objects are 404."""

import datetime

import pytest

from hallway.outreach.models import ClientRating, Placement
from hallway.outreach.services.care import care_run_due, check_in_answer
from tests.api.conftest import assert_error
from tests.outreach.care_helpers import NOW, client_of, contractor_of, place
from tests.outreach.test_care_feedback import Q3, rate

D = datetime.date


@pytest.fixture
def placement(acme, alice):
    return place(acme, alice, starts_on=D(2026, 10, 1), ends_on=D(2027, 6, 30))


def test_list_and_get(bob_api, placement):
    listed = bob_api.get("/api/v1/placements").json()
    assert listed["count"] == 1
    (row,) = listed["results"]
    assert row["contractor"]["name"] == "Lena Fischer"
    assert row["client"]["name"] == "Brightside GmbH"
    assert row["next_check_in"] == "2026-10-31"
    got = bob_api.get(f"/api/v1/placements/{placement.pk}")
    assert got.status_code == 200
    assert got.json() == row


def test_an_organiser_records_a_placement_idempotently(alice_api, acme):
    contractor = contractor_of(acme)
    company = client_of(acme)
    body = {
        "contractor_id": contractor.pk,
        "client_id": company.pk,
        "starts_on": "2026-12-01",
        "ends_on": "2027-05-31",
        "external_id": "ats-9",
    }
    first = alice_api.post("/api/v1/placements", body)
    assert first.status_code == 201, first.content
    again = alice_api.post("/api/v1/placements", body)
    assert again.json()["id"] == first.json()["id"]
    assert Placement.objects.count() == 1
    assert first.json()["owner"]["email"] == "alice@acme.test"


def test_a_member_cannot_write(bob_api, acme, placement):
    assert_error(
        bob_api.patch(f"/api/v1/placements/{placement.pk}", {"starts_on": "2026-10-02"}),
        403,
        "forbidden",
    )
    assert_error(
        bob_api.post(f"/api/v1/placements/{placement.pk}/end", {"ended_on": "2026-12-31"}),
        403,
        "forbidden",
    )


def test_an_end_before_the_start_is_422(alice_api, acme):
    body = {
        "contractor_id": contractor_of(acme).pk,
        "client_id": client_of(acme).pk,
        "starts_on": "2026-12-01",
        "ends_on": "2026-11-01",
    }
    error = assert_error(alice_api.post("/api/v1/placements", body), 422, "validation_error")
    assert error["details"][0]["field"] == "ends_on"


def test_another_organisations_contractor_is_404(alice_api, acme, globex):
    body = {
        "contractor_id": contractor_of(globex).pk,
        "client_id": client_of(acme).pk,
        "starts_on": "2026-12-01",
    }
    assert_error(alice_api.post("/api/v1/placements", body), 404, "not_found")


def test_patch_moves_the_plan_and_end_drops_the_rest(alice_api, placement):
    patched = alice_api.patch(f"/api/v1/placements/{placement.pk}", {"ends_on": None})
    assert patched.status_code == 200, patched.content
    assert patched.json()["ends_on"] is None
    assert placement.check_ins.count() == 3
    ended = alice_api.post(f"/api/v1/placements/{placement.pk}/end", {"ended_on": "2026-11-20"})
    assert ended.json()["status"] == "ended"
    assert placement.check_ins.count() == 2


def test_check_ins_show_answers_to_the_owner_only(alice_api, bob_api, acme, placement):
    care_run_due(organisation=acme, now=NOW)
    check_in = placement.check_ins.exclude(sent_at=None).get()
    check_in_answer(check_in=check_in, score=2, comment="Private", wants_call=True, now=NOW)
    mine = alice_api.get(f"/api/v1/placements/{placement.pk}/check-ins").json()["results"]
    (answered,) = [row for row in mine if row["answered_at"]]
    assert (answered["score"], answered["comment"], answered["wants_call"]) == (2, "Private", True)
    theirs = bob_api.get(f"/api/v1/placements/{placement.pk}/check-ins").json()["results"]
    (hidden,) = [row for row in theirs if row["answered_at"]]
    assert (hidden["score"], hidden["comment"], hidden["wants_call"]) == (None, None, None)


def test_another_organisations_placement_is_404(mallory_api, placement):
    for path in (
        f"/api/v1/placements/{placement.pk}",
        f"/api/v1/placements/{placement.pk}/check-ins",
        f"/api/v1/companies/{placement.company_id}/contractor-feedback",
    ):
        assert_error(mallory_api.get(path), 404, "not_found")


def test_feedback_with_four_answers_shows_nothing_and_with_five_the_aggregate(bob_api, acme):
    company = client_of(acme)
    rate(acme, company, 4)
    url = f"/api/v1/companies/{company.pk}/contractor-feedback"
    body = bob_api.get(url).json()
    assert body["k"] == 5
    (q3,) = [q for q in body["quarters"] if q["quarter"] == "2026-Q3"]
    assert q3 == {"quarter": "2026-Q3", "answered": 4, "shown": False, "reason": "fewer_than_k"}
    assert "Great team" not in str(body)
    ClientRating.objects.create(organisation=acme, company=company, quarter=Q3, score=1)
    (q3,) = [q for q in bob_api.get(url).json()["quarters"] if q["quarter"] == "2026-Q3"]
    assert q3["shown"] is True
    assert q3["answered"] == 5
    assert q3["average"] == 3.0
    assert q3["distribution"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}
    assert "reason" not in q3
    assert "comments" not in q3
