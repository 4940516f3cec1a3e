"""The project card: for members, and for the client through a signed link that can be
revoked; photos only for members or with the card's token; never an email address."""

import datetime
import io
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import time_machine
from PIL import Image

from hallway.projects.card_links import card_token, card_url
from hallway.projects.photos import photo_prepare
from hallway.projects.services.projects import project_card_revoke


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def _emails(roster):
    ours, theirs = roster
    return [m.email for m in [*ours, *theirs]]


def test_members_see_who_is_who_without_email_addresses(bob_client, project, roster):
    response = bob_client.get(f"/projects/{project.pk}/card/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Megan Brooks" in html
    assert "Jonas Weber" in html
    assert "Femke Visser" in html
    assert project.goal in html
    assert "key counterpart" in html
    assert '<time datetime="' in html
    assert not any(email in html for email in _emails(roster))
    # Sharing and revoking are the organisers'.
    assert "Revoke the shared links" not in html


def test_another_organisation_gets_404(mallory_client, project, roster):
    assert mallory_client.get(f"/projects/{project.pk}/card/").status_code == 404
    member = roster[0][0]
    assert mallory_client.get(f"/projects/{project.pk}/photos/{member.pk}/").status_code == 404
    assert mallory_client.post(f"/projects/{project.pk}/card/revoke/").status_code == 404


def test_the_client_opens_the_card_through_the_signed_link(client, project, roster):
    response = client.get(urlparse(card_url(project)).path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Megan Brooks" in html
    assert "US shop rollout" in html
    assert 'name="robots" content="noindex"' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert not any(email in html for email in _emails(roster))
    assert "Revoke" not in html
    # Initials stand in for a missing photo, hidden from screen readers (the name follows).
    assert '<span class="card-initials" aria-hidden="true">MB</span>' in html


def test_a_forged_or_altered_link_says_nothing(client, project, roster):
    token = card_token(project)
    for bad in (token[:-2] + ("aa" if not token.endswith("aa") else "bb"), "nonsense", "x" * 80):
        response = client.get(f"/projects/card/{bad}/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "This link does not work" in html
        assert "US shop rollout" not in html
        assert "Megan" not in html


def test_revoking_stops_the_links_shared_so_far(alice_client, client, project, roster):
    old = urlparse(card_url(project)).path
    response = alice_client.get(f"/projects/{project.pk}/card/")
    assert "Revoke the shared links" in response.content.decode()
    assert alice_client.post(f"/projects/{project.pk}/card/revoke/").status_code == 302
    project.refresh_from_db()
    assert project.card_version == 2
    alice_client.logout()
    assert client.get(old).status_code == 404
    assert client.get(urlparse(card_url(project)).path).status_code == 200


def test_members_may_not_revoke(bob_client, project):
    assert bob_client.post(f"/projects/{project.pk}/card/revoke/").status_code == 404
    project.refresh_from_db()
    assert project.card_version == 1


def test_photos_for_members_and_for_the_token_only(client, bob, project, roster):
    megan = roster[1][0]
    megan.photo = photo_prepare(io.BytesIO(_png()))
    megan.save(update_fields=["photo"])
    token = card_token(project)
    public = client.get(f"/projects/card/{token}/")
    assert 'alt="Photo of Megan Brooks"' in public.content.decode()
    photo = client.get(f"/projects/card/{token}/photos/{megan.pk}/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    # Without a login and without the token: nothing.
    assert client.get(f"/projects/{project.pk}/photos/{megan.pk}/").status_code == 302
    client.force_login(bob)
    assert client.get(f"/projects/{project.pk}/photos/{megan.pk}/").status_code == 200
    # Someone without a photo, and a revoked token.
    jonas = roster[0][0]
    assert client.get(f"/projects/{project.pk}/photos/{jonas.pk}/").status_code == 404
    project_card_revoke(project=project)
    assert client.get(f"/projects/card/{token}/photos/{megan.pk}/").status_code == 404


def test_each_person_shows_their_own_local_time(client, project, roster):
    now = datetime.datetime(2026, 12, 7, 15, 30, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        html = client.get(urlparse(card_url(project)).path).content.decode()
    berlin = now.astimezone(ZoneInfo("Europe/Berlin"))
    new_york = now.astimezone(ZoneInfo("America/New_York"))
    assert f'<time datetime="{berlin.isoformat(timespec="minutes")}">16:30</time>' in html
    assert f'<time datetime="{new_york.isoformat(timespec="minutes")}">10:30</time>' in html
