from hallway.accounts.models import Organisation
from hallway.relationships.models import RelationshipSettings


def relationship_settings(organisation: Organisation) -> RelationshipSettings:
    """The organisation's settings for its client book (the defaults until changed)."""
    return RelationshipSettings.objects.get_or_create(organisation=organisation)[0]
