from hallway.accounts.models import Organisation, User
from hallway.outreach.models import OutreachSettings, SenderProfile


def outreach_settings_of(organisation: Organisation) -> OutreachSettings:
    """The organisation's outreach settings (the defaults until changed)."""
    return OutreachSettings.objects.get_or_create(organisation=organisation)[0]


def sender_profile_of(organisation: Organisation, user: User) -> SenderProfile:
    """A user's signature and limit (unsaved and empty until they write one)."""
    found = SenderProfile.objects.filter(organisation=organisation, user=user).first()
    return found or SenderProfile(organisation=organisation, user=user)


def daily_limit_of(organisation: Organisation, user: User | None) -> int:
    own = sender_profile_of(organisation, user).daily_send_limit if user is not None else None
    return own or outreach_settings_of(organisation).daily_send_limit
