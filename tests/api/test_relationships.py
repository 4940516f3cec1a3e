"""/api/v1/companies, /contacts, /touches, /orders."""

import datetime

import pytest

from hallway.api.router import operations
from hallway.audit.models import AuditEvent
from hallway.relationships.models import Company, Contact, Note, Order, Touch, Visibility
from tests.api.conftest import assert_error
from tests.factories import make_company, make_contact, make_touch

AT = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def kessler(acme, alice):
    company = make_company(acme, "Kessler Logistik", industry="Logistics")
    company.owners.add(alice)
    return company


@pytest.fixture
def jana(acme, kessler):
    return make_contact(acme, "Jana Kessler", company=kessler, job_title="COO")


def test_an_organiser_creates_a_company_and_lists_it_by_kind_and_search(olga_api, alice, acme):
    response = olga_api.post(
        "/api/v1/companies",
        {
            "name": "Brightside GmbH",
            "kind": "prospect",
            "owner_emails": ["ALICE@acme.test"],
            "language": "de",
            "timezone": "Europe/Berlin",
            "work_start": "08:00",
            "work_end": "16:00",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner_emails"] == ["alice@acme.test"]
    assert body["work_start"] == "08:00"
    make_company(acme, "Other Client")
    listed = olga_api.get("/api/v1/companies", {"kind": "prospect"}).json()
    assert [c["name"] for c in listed["results"]] == ["Brightside GmbH"]
    assert set(listed) == {"count", "next", "previous", "results"}
    assert olga_api.get("/api/v1/companies", {"q": "brights"}).json()["count"] == 1
    assert olga_api.get("/api/v1/companies", {"q": "nothing"}).json()["count"] == 0


def test_company_rules_answer_422_naming_the_field(olga_api):
    response = olga_api.post(
        "/api/v1/companies", {"name": "X", "kind": "client", "timezone": "Mars/Olympus"}
    )
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["timezone"]
    response = olga_api.post(
        "/api/v1/companies", {"name": "X", "kind": "client", "owner_emails": ["x@nowhere.test"]}
    )
    assert assert_error(response, 422, "validation_error")["details"][0]["field"] == (
        "owner_emails"
    )
    error = assert_error(
        olga_api.post("/api/v1/companies", {"kind": "client"}), 422, "validation_error"
    )
    assert error["details"][0]["field"] == "name"


def test_patch_changes_only_what_is_sent_and_delete_needs_an_admin(olga_api, alice_api, kessler):
    response = olga_api.patch(f"/api/v1/companies/{kessler.pk}", {"website": "https://k.test"})
    assert response.status_code == 200
    assert response.json()["industry"] == "Logistics"
    assert response.json()["website"] == "https://k.test"
    assert_error(olga_api.delete(f"/api/v1/companies/{kessler.pk}"), 403, "forbidden")
    assert alice_api.delete(f"/api/v1/companies/{kessler.pk}").status_code == 204
    assert not Company.objects.filter(pk=kessler.pk).exists()


def test_members_read_but_do_not_write_companies(bob_api, kessler):
    assert bob_api.get(f"/api/v1/companies/{kessler.pk}").status_code == 200
    assert_error(
        bob_api.post("/api/v1/companies", {"name": "X", "kind": "client"}), 403, "forbidden"
    )


def test_contacts_create_update_and_list(olga_api, kessler, alice):
    response = olga_api.post(
        "/api/v1/contacts",
        {
            "name": "Nina Vogel",
            "email": "Nina@Brightside.test",
            "kind": "candidate",
            "company_id": kessler.pk,
            "tags": ["Java", "Remote"],
            "other_emails": ["nina.private@mail.test"],
            "owner_emails": ["alice@acme.test"],
            "cadence_days": 30,
            "legal_basis": "consent",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "nina@brightside.test"
    assert body["tags"] == ["Java", "Remote"]
    assert body["company_id"] == kessler.pk
    by_other = olga_api.get("/api/v1/contacts", {"email": "NINA.private@mail.test"}).json()
    assert [c["id"] for c in by_other["results"]] == [body["id"]]
    response = olga_api.patch(f"/api/v1/contacts/{body['id']}", {"company_id": None})
    assert response.json()["company_id"] is None
    assert response.json()["tags"] == ["Java", "Remote"]
    assert olga_api.get("/api/v1/contacts", {"kind": "client"}).json()["count"] == 0


def test_contact_bad_input_is_422_naming_the_field(olga_api):
    for body, field in [
        ({"name": "N", "email": "not-an-address", "kind": "client"}, "email"),
        ({"name": "N", "email": "", "kind": "friend"}, "kind"),
        ({"name": "N", "email": "", "kind": "client", "cadence_days": 0}, "cadence_days"),
        ({"name": "N", "email": "", "kind": "client", "phone": None}, "phone"),
        ({"name": "N", "email": "", "kind": "client", "unknown": 1}, "unknown"),
    ]:
        error = assert_error(olga_api.post("/api/v1/contacts", body), 422, "validation_error")
        assert field in [detail["field"] for detail in error["details"]], (body, error)


def test_another_organisations_ids_are_404(olga_api, mallory_api, globex, kessler, jana):
    theirs = make_company(globex, "Globex client")
    response = olga_api.post(
        "/api/v1/contacts",
        {"name": "N", "email": "", "kind": "client", "company_id": theirs.pk},
    )
    assert assert_error(response, 404, "not_found")["details"][0]["field"] == "company_id"
    assert_error(mallory_api.get(f"/api/v1/companies/{kessler.pk}"), 404, "not_found")
    assert_error(mallory_api.get(f"/api/v1/contacts/{jana.pk}"), 404, "not_found")
    assert_error(
        mallory_api.patch(f"/api/v1/contacts/{jana.pk}", {"name": "Hacked"}), 404, "not_found"
    )
    assert mallory_api.get("/api/v1/contacts").json()["count"] == 0
    response = mallory_api.post(
        "/api/v1/touches",
        {"kind": "call", "at": "2026-12-01T10:00:00+01:00", "contact_ids": [jana.pk]},
    )
    assert assert_error(response, 404, "not_found")["details"][0]["field"] == "contact_ids"
    assert mallory_api.get("/api/v1/touches").json()["count"] == 0


def test_a_member_logs_a_touch_that_resets_the_rhythm(bob_api, alice, jana, kessler):
    response = bob_api.post(
        "/api/v1/touches",
        {
            "kind": "video",
            "at": "2026-12-01T10:00:00+01:00",
            "contact_ids": [jana.pk],
            "summary": "Talked about Q1",
            "by_email": "alice@acme.test",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["company_id"] == kessler.pk
    assert body["by_email"] == "alice@acme.test"
    assert body["source"] == "api"
    assert body["at"].startswith("2026-12-01T09:00:00")
    jana.refresh_from_db()
    assert jana.last_touch_at == datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    listed = bob_api.get("/api/v1/touches", {"contact_id": jana.pk}).json()
    assert [t["id"] for t in listed["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("at", "code"),
    [
        ("2026-12-01T10:00:00", "datetime_without_offset"),
        ("yesterday", "datetime_parsing"),
        (1764583200, "datetime_parsing"),
        ("9999-12-31T23:00:00-05:00", "datetime_parsing"),
    ],
)
def test_a_touch_time_needs_its_offset(bob_api, jana, at, code):
    response = bob_api.post("/api/v1/touches", {"kind": "call", "at": at, "contact_ids": [jana.pk]})
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "at"
    assert error["details"][0]["code"] == code
    assert not Touch.objects.exists()


def test_a_touch_needs_someone_and_a_member_as_author(bob_api, jana):
    error = assert_error(
        bob_api.post("/api/v1/touches", {"kind": "call", "at": "2026-12-01T10:00:00Z"}),
        422,
        "validation_error",
    )
    assert error["details"][0]["field"] == "contacts"
    error = assert_error(
        bob_api.post(
            "/api/v1/touches",
            {
                "kind": "call",
                "at": "2026-12-01T10:00:00Z",
                "contact_ids": [jana.pk],
                "by_email": "stranger@else.test",
            },
        ),
        422,
        "validation_error",
    )
    assert error["details"][0]["field"] == "by_email"


def test_orders_are_recorded_and_listed_in_pages(olga_api, bob_api, kessler):
    for day in range(1, 4):
        response = olga_api.post(
            "/api/v1/orders",
            {"company_id": kessler.pk, "title": f"Order {day}", "at": f"2026-11-0{day}"},
        )
        assert response.status_code == 201, response.content
    kessler.refresh_from_db()
    assert kessler.last_order_on == datetime.date(2026, 11, 3)
    page = bob_api.get("/api/v1/orders", {"limit": 2}).json()
    assert page["count"] == 3
    assert [o["title"] for o in page["results"]] == ["Order 3", "Order 2"]
    assert page["next"].endswith("limit=2&offset=2")
    assert page["previous"] is None
    assert_error(
        bob_api.post(
            "/api/v1/orders", {"company_id": kessler.pk, "title": "X", "at": "2026-11-01"}
        ),
        403,
        "forbidden",
    )
    error = assert_error(
        olga_api.post("/api/v1/orders", {"company_id": kessler.pk, "title": "X", "at": "1.11."}),
        422,
        "validation_error",
    )
    assert error["details"][0]["field"] == "at"
    assert Order.objects.count() == 3


def test_deleting_a_contact_erases_it_and_keeps_anonymous_touches(alice_api, acme, jana):
    touch = make_touch(acme, jana, at=AT)
    touch.summary = "Spoke about her divorce"
    touch.save()
    assert alice_api.delete(f"/api/v1/contacts/{jana.pk}").status_code == 204
    assert not Contact.objects.filter(pk=jana.pk).exists()
    touch.refresh_from_db()
    assert touch.summary == ""
    assert touch.company_id == jana.company_id
    assert AuditEvent.objects.filter(action="contact_erased", organisation=acme).count() == 1


def test_another_users_private_note_never_appears_in_any_api_response(
    acme, alice, bob_api, kessler, jana
):
    secret = "PRIVATE-NOTE-4711"
    Note.objects.create(
        organisation=acme, author=alice, contact=jana, text=secret, visibility=Visibility.PRIVATE
    )
    Note.objects.create(
        organisation=acme, author=alice, company=kessler, text=secret, visibility=Visibility.PRIVATE
    )
    make_touch(acme, jana, at=AT)
    ids = {"company_id": kessler.pk, "contact_id": jana.pk}
    seen = 0
    for method, path, _operation in operations():
        if method != "GET" or ("{" in path and not any(f"{{{k}}}" in path for k in ids)):
            continue
        for name, value in ids.items():
            path = path.replace(f"{{{name}}}", str(value))
        response = bob_api.get(path)
        assert secret not in response.content.decode(), path
        seen += 1
    assert seen >= 6
