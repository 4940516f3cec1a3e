"""Onboarding a member: "tell us about yourself" (photo, ask me about, zone and hours)
through its signed link, and the welcome of someone who joins after the kickoff."""

import datetime
import io
from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from hallway.messaging.models import OutboxMessage
from hallway.projects.card_links import about_token, about_url
from hallway.projects.kickoff_messages import KICKOFF, WELCOME
from hallway.projects.models import Side
from hallway.projects.selectors.roster import member_participant
from hallway.projects.services.roster import RoleFields, roster_add
from hallway.projects.services.welcome import AboutYou, member_about_update, member_welcome
from tests.factories import make_contact

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)


def _image(fmt="PNG", size=(800, 600)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # the camera's make: must not survive
    image.save(out, format=fmt, exif=exif)
    return out.getvalue()


def _page(client, member, language="en"):
    return urlparse(about_url(member, language=language)).path


def test_a_photo_becomes_a_small_square_jpeg_without_metadata(client, roster):
    megan = roster[1][0]
    response = client.post(
        _page(client, megan),
        {
            "photo": io.BytesIO(_image("JPEG")),
            "ask_me_about": "Sailing on Lake Michigan",
            "timezone": "America/Chicago",
            "work_start": "08:00",
            "work_end": "16:00",
        },
    )
    assert response.status_code == 302
    megan.refresh_from_db()
    stored = Image.open(io.BytesIO(bytes(megan.photo)))
    assert stored.format == "JPEG"
    assert stored.size == (256, 256)
    assert not stored.getexif()
    assert b"SecretCam" not in bytes(megan.photo)
    assert megan.ask_me_about == "Sailing on Lake Michigan"
    assert megan.about_answered_at is not None
    # The planner reads the new zone and hours.
    planner_sees = member_participant(megan, megan.organisation)
    assert (planner_sees.work_start, planner_sees.work_end) == (datetime.time(8), datetime.time(16))
    assert planner_sees.timezone == "America/Chicago"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_taken(roster, fmt):
    megan = roster[1][0]
    member_about_update(
        member=megan, values=AboutYou(), now=NOW, photo=io.BytesIO(_image(fmt, (300, 900)))
    )
    assert Image.open(io.BytesIO(bytes(megan.photo))).size == (256, 256)


def test_a_file_that_is_not_a_picture_changes_nothing(client, roster):
    megan = roster[1][0]
    upload = io.BytesIO(b"%PDF-1.4 not a picture at all")
    upload.name = "photo.jpg"
    response = client.post(_page(client, megan), {"photo": upload, "ask_me_about": "Sailing"})
    assert response.status_code == 400
    assert "not a JPEG, PNG or WebP picture" in response.content.decode()
    megan.refresh_from_db()
    assert megan.photo is None
    assert megan.ask_me_about == ""
    assert megan.about_answered_at is None


def test_a_photo_over_5_mb_is_refused(roster):
    megan = roster[1][0]
    huge = io.BytesIO(b"\0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as caught:
        member_about_update(member=megan, values=AboutYou(ask_me_about="x"), now=NOW, photo=huge)
    assert "larger than 5 MB" in caught.value.message_dict["photo"][0]
    megan.refresh_from_db()
    assert megan.photo is None
    assert megan.ask_me_about == ""


def test_hours_and_zone_are_checked_all_at_once(client, roster):
    megan = roster[1][0]
    response = client.post(
        _page(client, megan),
        {"timezone": "Mars/Olympus_Mons", "work_start": "17:00", "work_end": "09:00"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "not a known IANA time zone" in html
    assert "must be after their start" in html
    with pytest.raises(ValidationError) as caught:
        member_about_update(member=megan, values=AboutYou(work_start=datetime.time(9)), now=NOW)
    assert "both the start and the end" in caught.value.message_dict["work_end"][0]
    with pytest.raises(ValidationError) as caught:
        member_about_update(member=megan, values=AboutYou(ask_me_about="x" * 301), now=NOW)
    assert "ask_me_about" in caught.value.message_dict


def test_the_answers_can_be_changed_through_the_same_link(client, roster):
    megan = roster[1][0]
    page = _page(client, megan)
    client.post(page, {"ask_me_about": "Sailing"})
    assert client.post(page, {"ask_me_about": "Chess"}).status_code == 302
    megan.refresh_from_db()
    assert megan.ask_me_about == "Chess"
    assert "Chess" in client.get(page).content.decode()


def test_the_page_speaks_the_language_of_its_link(client, roster):
    megan = roster[1][0]
    html = client.get(_page(client, megan, "de")).content.decode()
    assert '<html lang="de">' in html


def test_a_forged_about_link_gets_a_friendly_404(client, roster):
    token = about_token(roster[1][0])
    response = client.get(f"/projects/about/en/{token[:-3]}xyz/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def _late(acme, project, client_company, name="Tyler Reed"):
    return roster_add(
        project=project,
        side=Side.CLIENT,
        contact=make_contact(acme, name, company=client_company),
        values=RoleFields(role="QA lead"),
        joined_on=NOW.date(),
        now=NOW,
    )


def test_nobody_is_welcomed_before_the_kickoff(acme, project, client_company):
    _late(acme, project, client_company)
    assert not OutboxMessage.objects.filter(message_type=WELCOME).exists()


def test_someone_added_after_the_kickoff_is_welcomed_once(acme, project, roster, client_company):
    project.kickoff_at = NOW - datetime.timedelta(days=3)
    project.kickoff_sequence = 1
    project.save()
    tyler = _late(acme, project, client_company)
    (welcome,) = OutboxMessage.objects.filter(message_type=WELCOME)
    assert welcome.address == tyler.email
    assert welcome.context["kickoff_at"] == ""  # it is behind us
    assert "/projects/card/" in welcome.context["card_url"]
    assert "/projects/about/en/" in welcome.context["about_url"]
    assert all("@" not in str(row) for row in welcome.context["people"])
    tyler.refresh_from_db()
    assert tyler.welcomed_at == NOW
    assert member_welcome(member=tyler, now=NOW) is False
    assert OutboxMessage.objects.filter(message_type=WELCOME).count() == 1
    # The kickoff is over: no invitation to it.
    assert not OutboxMessage.objects.filter(message_type=KICKOFF).exists()


def test_someone_added_before_the_kickoff_also_gets_its_invitation(
    acme, project, roster, client_company
):
    project.kickoff_at = NOW + datetime.timedelta(days=3)
    project.kickoff_sequence = 1
    project.save()
    tyler = _late(acme, project, client_company)
    welcome = OutboxMessage.objects.get(message_type=WELCOME)
    assert welcome.context["kickoff_at"] == project.kickoff_at.isoformat()
    (invite,) = OutboxMessage.objects.filter(message_type=KICKOFF)
    assert invite.address == tyler.email
    assert invite.context["calendar"]["sequence"] == 0
