"""/api/v1/segments and /api/v1/campaigns: members read, organisers write and send once;
figures in the article; other organisations' objects are 404s."""

import pytest

from hallway.outreach.models import Campaign, CampaignSend, Segment
from tests.api.conftest import assert_error
from tests.outreach.campaign_helpers import article, clients_segment, consenting


@pytest.fixture
def megan(acme, alice):
    return consenting(acme, "Megan Brooks", owners=[alice], language="de")


def test_segments_are_made_listed_and_read(alice_api, bob_api, megan, acme):
    consenting(acme, "Paul Prospect", kind="prospect")
    response = alice_api.post(
        "/api/v1/segments",
        {"name": "Clients", "filters": {"kinds": ["client"], "consent": True}},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["filters"] == {"kinds": ["client"], "consent": True}
    assert body["contacts"] == 1
    listing = bob_api.get("/api/v1/segments").json()
    assert [s["name"] for s in listing["results"]] == ["Clients"]
    members = bob_api.get(f"/api/v1/segments/{body['id']}/contacts?limit=1").json()
    assert members["count"] == 1
    assert members["results"][0]["name"] == "Megan Brooks"
    assert members["results"][0]["language"] == "de"
    patched = alice_api.patch(f"/api/v1/segments/{body['id']}", {"filters": {}})
    assert patched.json()["contacts"] == 2
    assert patched.json()["name"] == "Clients"


def test_segment_rules_and_roles(alice_api, bob_api, acme):
    clients_segment(acme)
    error = assert_error(
        alice_api.post("/api/v1/segments", {"name": "clients"}), 422, "validation_error"
    )
    assert error["details"][0]["field"] == "name"
    bad = alice_api.post("/api/v1/segments", {"name": "X", "filters": {"kinds": ["alien"]}})
    assert_error(bad, 422, "validation_error")
    assert_error(bob_api.post("/api/v1/segments", {"name": "Mine"}), 403, "forbidden")


def test_a_used_segment_is_a_conflict_to_delete(alice_api, acme):
    used = clients_segment(acme)
    article(acme, used)
    assert_error(alice_api.delete(f"/api/v1/segments/{used.pk}"), 409, "conflict")
    unused = clients_segment(acme, name="Unused")
    assert alice_api.delete(f"/api/v1/segments/{unused.pk}").status_code == 204
    assert not Segment.objects.filter(pk=unused.pk).exists()


def test_an_article_is_written_previewed_sent_once_with_figures(alice_api, bob_api, acme, megan):
    segment = clients_segment(acme)
    response = alice_api.post(
        "/api/v1/campaigns",
        {
            "title": "Hiring in 2027",
            "url": "https://blog.acme.test/2027",
            "intros": {"en": "Hi {first_name}", "de": "Hallo {first_name}"},
            "segment_id": segment.pk,
        },
    )
    assert response.status_code == 201, response.content
    campaign = response.json()
    assert campaign["status"] == "draft"
    assert campaign["skip_touched_days"] == 14
    assert campaign["figures"]["recipients"] == 0
    preview = bob_api.get(f"/api/v1/campaigns/{campaign['id']}/preview").json()
    assert preview["counts"]["mail"] == 1
    assert preview["mail"][0]["name"] == "Megan Brooks"
    patched = alice_api.patch(f"/api/v1/campaigns/{campaign['id']}", {"skip_sent_days": 0})
    assert patched.json()["skip_sent_days"] == 0
    assert_error(bob_api.post(f"/api/v1/campaigns/{campaign['id']}/send"), 403, "forbidden")
    sent = alice_api.post(f"/api/v1/campaigns/{campaign['id']}/send")
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "sent"
    assert sent.json()["figures"]["recipients"] == 1
    assert_error(alice_api.post(f"/api/v1/campaigns/{campaign['id']}/send"), 409, "conflict")
    assert_error(
        alice_api.patch(f"/api/v1/campaigns/{campaign['id']}", {"title": "New"}), 409, "conflict"
    )
    assert_error(alice_api.get(f"/api/v1/campaigns/{campaign['id']}/preview"), 409, "conflict")
    assert CampaignSend.objects.count() == 1
    figures = bob_api.get(f"/api/v1/campaigns/{campaign['id']}").json()["figures"]
    assert set(figures) >= {"sent", "delivered", "clicked", "replies", "unsubscribes"}
    assert bob_api.get("/api/v1/campaigns").json()["count"] == 1


def test_article_problems_use_the_apis_names(alice_api, acme, globex):
    foreign = clients_segment(globex)
    response = alice_api.post(
        "/api/v1/campaigns",
        {"title": "T", "url": "https://x.test/", "intros": {"en": "x"}, "segment_id": foreign.pk},
    )
    error = assert_error(response, 404, "not_found")
    assert error["details"][0]["field"] == "segment_id"
    response = alice_api.post(
        "/api/v1/campaigns",
        {
            "title": "T",
            "url": "ftp://x.test/",
            "intros": {"nl": "Hoi {voornaam}"},
            "segment_id": clients_segment(acme).pk,
        },
    )
    error = assert_error(response, 422, "validation_error")
    assert {d["field"] for d in error["details"]} == {"url", "intros.nl"}
    assert not Campaign.objects.exists()


def test_other_organisations_see_nothing(mallory_api, acme):
    campaign = article(acme, clients_segment(acme))
    for path in (
        f"/api/v1/campaigns/{campaign.pk}",
        f"/api/v1/segments/{campaign.segment_id}",
        f"/api/v1/segments/{campaign.segment_id}/contacts",
    ):
        assert_error(mallory_api.get(path), 404, "not_found")
    assert mallory_api.get("/api/v1/campaigns").json()["count"] == 0
