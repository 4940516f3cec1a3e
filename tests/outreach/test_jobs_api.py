"""The jobs API: members read candidates and freezes, organisers add, move on and freeze;
another organisation's job is a 404; the freeze answers what the command prints."""

import pytest

from hallway.outreach.models import Candidacy, Freeze, PersonalMessage, Source
from tests.api.conftest import assert_error
from tests.factories import make_contact
from tests.outreach.jobs_helpers import MONDAY, staff_job


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY)


@pytest.fixture
def job(acme, alice):
    return staff_job(acme, alice)[0]


def test_a_member_reads_a_jobs_candidates(bob_api, job):
    answer = bob_api.get(f"/api/v1/orders/{job.pk}/candidates", {"limit": 2})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 4
    assert [c["name"] for c in body["results"]] == ["Emma Clark", "Lena Vogel"]
    assert body["results"][1]["stage"] == "screening"
    assert body["next"]


def test_a_member_may_not_write(bob_api, job):
    candidacy = Candidacy.objects.first()
    assert_error(
        bob_api.patch(f"/api/v1/candidacies/{candidacy.pk}", {"stage": "offer"}), 403, "forbidden"
    )
    assert_error(
        bob_api.post(
            f"/api/v1/orders/{job.pk}/freeze",
            {"stages": ["applied"], "resume_on": "2026-12-21"},
        ),
        403,
        "forbidden",
    )


def test_an_organiser_adds_a_candidate_once(alice_api, acme, job):
    rui = make_contact(acme, "Rui Costa", kind="other")
    url = f"/api/v1/orders/{job.pk}/candidates"
    first = alice_api.post(url, {"contact_id": rui.pk, "stage": "screening"})
    assert first.status_code == 201
    assert first.json()["stage"] == "screening"
    assert first.json()["recruiter_email"] == "alice@acme.test"
    assert alice_api.post(url, {"contact_id": rui.pk}).status_code == 200
    error = assert_error(alice_api.post(url, {"contact_id": 10**9}), 404, "not_found")
    assert error["details"][0]["field"] == "contact_id"
    assert_error(alice_api.post(url, {"contact_id": rui.pk, "stage": "x"}), 422, "validation_error")


def test_an_organiser_moves_a_candidate_on_and_tells_them(alice_api, job):
    lena = Candidacy.objects.get(contact__name="Lena Vogel")
    answer = alice_api.patch(f"/api/v1/candidacies/{lena.pk}", {"stage": "offer", "notify": True})
    assert answer.status_code == 200
    assert answer.json()["stage"] == "offer"
    assert PersonalMessage.objects.get(source=Source.STAGE).language == "de"


def test_a_freeze_answers_like_the_command_and_is_listed(alice_api, bob_api, job):
    answer = alice_api.post(
        f"/api/v1/orders/{job.pk}/freeze",
        {"stages": ["applied", "screening"], "resume_on": "2026-12-21"},
    )
    assert answer.status_code == 201
    freeze = Freeze.objects.get()
    assert answer.json() == {"id": freeze.pk, "notified": 3, "follow_up_on": "2026-12-21"}
    again = alice_api.post(
        f"/api/v1/orders/{job.pk}/freeze", {"stages": ["applied"], "resume_on": "2027-01-11"}
    )
    assert_error(again, 422, "validation_error")
    listed = bob_api.get("/api/v1/freezes", {"active": "true"}).json()
    assert listed["count"] == 1
    assert listed["results"][0]["notified"] == 3
    assert bob_api.get("/api/v1/freezes", {"active": "false"}).json()["count"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"stages": ["applied"], "resume_on": "2026-12-01"},
        {"stages": [], "resume_on": "2026-12-21"},
        {"stages": ["hired"], "resume_on": "2026-12-21"},
        {"stages": ["applied"], "resume_on": "2026-12-21", "message": "Hi {frist_name}"},
        {"stages": ["applied"], "resume_on": "2026-12-21", "extra": 1},
    ],
)
def test_a_bad_freeze_is_a_422_and_changes_nothing(alice_api, job, body):
    assert_error(alice_api.post(f"/api/v1/orders/{job.pk}/freeze", body), 422, "validation_error")
    assert not Freeze.objects.exists()
    assert not PersonalMessage.objects.exists()


def test_another_organisations_job_is_a_404(mallory_api, job):
    candidacy = Candidacy.objects.first()
    assert_error(mallory_api.get(f"/api/v1/orders/{job.pk}/candidates"), 404, "not_found")
    assert_error(
        mallory_api.patch(f"/api/v1/candidacies/{candidacy.pk}", {"stage": "offer"}),
        404,
        "not_found",
    )
    assert_error(
        mallory_api.post(
            f"/api/v1/orders/{job.pk}/freeze", {"stages": ["applied"], "resume_on": "2026-12-21"}
        ),
        404,
        "not_found",
    )
    assert mallory_api.get("/api/v1/freezes").json()["count"] == 0
