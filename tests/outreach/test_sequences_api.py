"""/api/v1/sequences: create with steps, change, start, replace steps, add and take out
contacts; members read, organisers write; other organisations' objects are 404."""

from hallway.outreach.models import Enrollment, Sequence
from tests.api.conftest import assert_error
from tests.factories import make_contact

STEPS = [
    {"kind": "message", "texts": {"en": {"subject": "Hi {first_name}", "body": "Hello"}}},
    {"kind": "wait", "wait_days": 3},
    {"kind": "task", "task_title": "Call {first_name}"},
]


def create(api, **fields):
    return api.post("/api/v1/sequences", {"name": "Welcome", "steps": STEPS, **fields})


def test_create_read_start_and_list(alice_api, bob_api):
    response = create(alice_api, trigger="stage_change", trigger_config={"stage": "interview"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert [step["kind"] for step in body["steps"]] == ["message", "wait", "task"]
    assert body["status"] == "draft"
    assert body["counts"] == {"active": 0, "done": 0, "left": 0, "exits": {}}
    started = alice_api.patch(f"/api/v1/sequences/{body['id']}", {"status": "active"}).json()
    assert started["status"] == "active"
    assert started["activated_at"]
    listed = bob_api.get("/api/v1/sequences").json()
    assert [row["name"] for row in listed["results"]] == ["Welcome"]
    assert bob_api.get(f"/api/v1/sequences/{body['id']}").status_code == 200


def test_the_rules_answer_422_naming_the_field(alice_api):
    response = create(alice_api, trigger="segment", trigger_config={"segment": 999})
    assert "trigger_config" in str(assert_error(response, 422, "validation_error"))
    bad_step = [{"kind": "message", "texts": {"en": {"subject": "Hi {nick}", "body": "x"}}}]
    response = alice_api.post("/api/v1/sequences", {"name": "X", "steps": bad_step})
    assert_error(response, 422, "validation_error")
    assert not Sequence.objects.exists()
    response = alice_api.post("/api/v1/sequences", {"name": "X", "colour": "red"})
    assert_error(response, 422, "validation_error")


def test_a_member_cannot_write(bob_api):
    assert_error(create(bob_api), 403, "forbidden")


def test_replace_steps_and_patch(alice_api):
    sequence = create(alice_api).json()
    url = f"/api/v1/sequences/{sequence['id']}"
    response = alice_api.request("PUT", f"{url}/steps", {"steps": [STEPS[1]]})
    assert [step["kind"] for step in response.json()["steps"]] == ["wait"]
    response = alice_api.patch(url, {"approval": True, "reentry_days": 30})
    assert (response.json()["approval"], response.json()["reentry_days"]) == (True, 30)
    response = alice_api.patch(url, {"reentry_days": None})
    assert response.json()["reentry_days"] is None
    assert_error(alice_api.patch(url, {"status": "paused"}), 422, "validation_error")


def test_add_and_take_out_contacts(alice_api, acme, globex):
    sequence = create(alice_api).json()
    megan = make_contact(acme, "Megan Brooks")
    theirs = make_contact(globex, "Their Contact")
    url = f"/api/v1/sequences/{sequence['id']}/enrollments"
    response = alice_api.post(url, {"contact_ids": [megan.pk, megan.pk]})
    assert response.status_code == 201, response.content
    assert [e["contact_name"] for e in response.json()["entered"]] == ["Megan Brooks"]
    again = alice_api.post(url, {"contact_ids": [megan.pk]}).json()
    assert (again["entered"], again["passed_over"]) == ([], [megan.pk])
    assert_error(alice_api.post(url, {"contact_ids": [theirs.pk]}), 404, "not_found")
    listed = alice_api.get(url).json()
    assert listed["count"] == 1
    enrollment = Enrollment.objects.get()
    removed = alice_api.post(f"/api/v1/enrollments/{enrollment.pk}/remove")
    assert (removed.json()["status"], removed.json()["exit_reason"]) == ("left", "removed")
    assert_error(alice_api.post(f"/api/v1/enrollments/{enrollment.pk}/remove"), 409, "conflict")


def test_another_organisations_sequence_is_404(alice_api, mallory_api):
    sequence = create(alice_api).json()
    assert_error(mallory_api.get(f"/api/v1/sequences/{sequence['id']}"), 404, "not_found")
    assert mallory_api.get("/api/v1/sequences").json()["count"] == 0
