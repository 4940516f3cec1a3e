"""Video rooms for meetings: a Jitsi Meet room of its own by default, or the organisation's
URL template, or the host's personal meeting link."""

from django.conf import settings
from django.utils.crypto import salted_hmac

from hallway.accounts.models import Organisation
from hallway.messaging.models import MessagingSettings, PersonalMeetingLink, VideoMode
from hallway.messaging.services import messaging_settings_of
from hallway.people.models import Person

ROOM_PREFIX = "Hallway-"


def room_name(*, organisation: Organisation, meeting_key: str) -> str:
    """Unguessable (an HMAC of the meeting under the secret key) and the same for every
    message about one meeting, so an update keeps its room."""
    digest = salted_hmac(
        "hallway.messaging.video", f"{organisation.pk}:{meeting_key}", algorithm="sha256"
    ).hexdigest()
    return ROOM_PREFIX + digest[:32]


def video_room_url(
    *,
    organisation: Organisation,
    meeting_key: str,
    host: Person | None = None,
    preferences: MessagingSettings | None = None,
) -> str:
    """The video link of one meeting (see the module docstring). Pass the organisation's
    `preferences` when making many links at once, to read them only once."""
    if preferences is None:
        preferences = messaging_settings_of(organisation)
    room = room_name(organisation=organisation, meeting_key=meeting_key)
    if preferences.video_mode == VideoMode.PERSONAL and host is not None:
        personal = PersonalMeetingLink.objects.filter(person=host).first()
        if personal is not None:
            return personal.url
    if preferences.video_mode == VideoMode.TEMPLATE and "{room}" in preferences.video_url_template:
        return preferences.video_url_template.replace("{room}", room)
    return f"{settings.HALLWAY_JITSI_BASE_URL}/{room}"
