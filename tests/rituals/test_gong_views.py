"""The wall of wins and the gong's admin pages: posting, kudos, cheering, the digest, gong
channels and webhooks with their secret shown once."""

import datetime

import pytest
from django.urls import reverse

from hallway.messaging.channel_setup import channel_save
from hallway.rituals.models import (
    Celebration,
    CelebrationReaction,
    GongTarget,
    GongWebhook,
    Kudos,
    WinsDigest,
)
from hallway.rituals.services.gong import celebration_post
from tests.factories import make_person


@pytest.fixture
def bob_person(acme, bob):
    return make_person(acme, "Bob Baker", email="bob@acme.test", user=bob)


def test_a_member_posts_a_win_and_sees_it_on_the_wall(bob_client, bob_person, carol):
    response = bob_client.post(
        reverse("rituals:win_post"),
        {"kind": "deal", "title": "Kessler signed", "text": "Two years", "people": [carol.pk]},
    )
    assert response.status_code == 302
    celebration = Celebration.objects.get()
    assert (celebration.posted_by, celebration.source) == (bob_person, "ui")
    page = bob_client.get(reverse("rituals:wins"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Kessler signed" in content
    assert "Microsoft Teams and email cannot tell us about reactions" in content


def test_a_win_without_a_headline_shows_the_problem(bob_client, bob_person):
    response = bob_client.post(reverse("rituals:win_post"), {"kind": "win", "title": ""})
    assert response.status_code == 422
    assert not Celebration.objects.exists()


def test_kudos_from_the_page_and_what_is_left(bob_client, bob_person, carol):
    response = bob_client.post(
        reverse("rituals:kudos"), {"receiver": carol.pk, "message": "Thanks!", "on_wall": "on"}
    )
    assert response.status_code == 302
    assert Kudos.objects.get().celebration is not None
    page = bob_client.get(reverse("rituals:wins")).content.decode()
    assert "You have 9 kudos left this month (of 10)." in page
    assert "Kudos received this month" in page


def test_kudos_to_oneself_cannot_even_be_chosen(bob_client, bob_person):
    response = bob_client.post(
        reverse("rituals:kudos"), {"receiver": bob_person.pk, "message": "Me!"}
    )
    assert response.status_code == 422
    assert not Kudos.objects.exists()


def test_cheering_toggles_with_htmx(bob_client, bob_person, acme):
    celebration = celebration_post(
        organisation=acme,
        kind="win",
        title="A win",
        source="ui",
        now=datetime.datetime.now(datetime.UTC),
    )
    url = reverse("rituals:cheer", args=[celebration.pk])
    first = bob_client.post(url, headers={"HX-Request": "true"})
    assert first.status_code == 200
    assert 'aria-pressed="true"' in first.content.decode()
    assert CelebrationReaction.objects.count() == 1
    bob_client.post(url)
    assert not CelebrationReaction.objects.exists()


def test_the_digest_choice(bob_client, bob_person):
    bob_client.post(reverse("rituals:wins_digest"), {"frequency": "daily"})
    assert WinsDigest.objects.get(person=bob_person).frequency == "daily"
    bob_client.post(reverse("rituals:wins_digest"), {"frequency": ""})
    assert not WinsDigest.objects.exists()


def test_the_month_navigation_stops_at_this_month(bob_client, bob_person):
    page = bob_client.get(reverse("rituals:wins"), {"month": "2031-01"}).content.decode()
    assert 'rel="next"' not in page
    older = bob_client.get(reverse("rituals:wins"), {"month": "2024-02"}).content.decode()
    assert 'rel="next"' in older
    assert "2024-01" in older


def test_members_do_not_reach_the_setup(bob_client):
    assert bob_client.get(reverse("rituals:gong_admin")).status_code in (302, 403, 404)


def test_admin_sets_up_a_channel_and_a_webhook_whose_secret_shows_once(alice_client, acme):
    teams = channel_save(
        organisation=acme, kind="teams", name="Teams", values={"url": "https://t.example/h"}
    )
    added = alice_client.post(
        reverse("rituals:gong_target_add"),
        {"channel": teams.pk, "language": "nl", "enabled": "on"},
    )
    assert added.status_code == 302
    assert GongTarget.objects.get().language == "nl"
    created = alice_client.post(
        reverse("rituals:gong_webhook_add"),
        {"name": "ATS", "mapping": '{"kind": "placement", "title": "{who}", "who": "$.name"}'},
    )
    webhook = GongWebhook.objects.get()
    assert created.url == reverse("rituals:gong_webhook", args=[webhook.pk])
    first = alice_client.get(created.url).content.decode()
    assert webhook.secret in first
    assert f"/api/v1/gong/webhook/{webhook.token}" in first
    assert webhook.secret not in alice_client.get(created.url).content.decode()
    alice_client.post(reverse("rituals:gong_webhook_rotate", args=[webhook.pk]))
    webhook.refresh_from_db()
    assert webhook.secret in alice_client.get(created.url).content.decode()
    alice_client.post(reverse("rituals:gong_webhook_enabled", args=[webhook.pk]), {"enabled": "0"})
    webhook.refresh_from_db()
    assert webhook.enabled is False


def test_a_bad_mapping_is_explained(alice_client):
    response = alice_client.post(
        reverse("rituals:gong_webhook_add"),
        {"name": "ATS", "mapping": '{"kind": "party", "title": "{nope}"}'},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "is not a kind of win" in content
    assert "{nope} in the title is not a field of the mapping." in content
    assert not GongWebhook.objects.exists()
