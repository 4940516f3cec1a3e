from hallway.accounts.models import Organisation
from hallway.rituals.models import RitualSettings


def ritual_settings_of(organisation: Organisation) -> RitualSettings:
    """The organisation's ritual settings (the defaults until changed)."""
    return RitualSettings.objects.get_or_create(organisation=organisation)[0]
