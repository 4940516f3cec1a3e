from hallway.messaging.models import MessagingSettings, PersonalMeetingLink, VideoMode
from hallway.messaging.video import video_room_url


def test_jitsi_by_default_unguessable_and_stable_per_meeting(acme, settings):
    settings.HALLWAY_JITSI_BASE_URL = "https://meet.example.org"
    first = video_room_url(organisation=acme, meeting_key="coffee:1:pair:2")
    assert first.startswith("https://meet.example.org/Hallway-")
    assert len(first.rsplit("-", 1)[1]) == 32
    assert video_room_url(organisation=acme, meeting_key="coffee:1:pair:2") == first
    assert video_room_url(organisation=acme, meeting_key="coffee:1:pair:3") != first


def test_another_secret_key_gives_other_rooms(acme, settings):
    first = video_room_url(organisation=acme, meeting_key="m")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert video_room_url(organisation=acme, meeting_key="m") != first


def test_an_organisation_template(acme):
    MessagingSettings.objects.create(
        organisation=acme,
        video_mode=VideoMode.TEMPLATE,
        video_url_template="https://video.acme.test/r/{room}",
    )
    url = video_room_url(organisation=acme, meeting_key="m")
    assert url.startswith("https://video.acme.test/r/Hallway-")


def test_personal_links_with_jitsi_for_hosts_without_one(acme, carol, bruno):
    MessagingSettings.objects.create(organisation=acme, video_mode=VideoMode.PERSONAL)
    PersonalMeetingLink.objects.create(
        organisation=acme, person=carol, url="https://zoom.us/j/123456"
    )
    assert video_room_url(organisation=acme, meeting_key="m", host=carol) == (
        "https://zoom.us/j/123456"
    )
    assert "/Hallway-" in video_room_url(organisation=acme, meeting_key="m", host=bruno)
