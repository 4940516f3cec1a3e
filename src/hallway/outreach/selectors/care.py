"""Reads of contractor care. (being built)"""

from hallway.accounts.models import Organisation
from hallway.rituals.interface import anonymity_k


def client_k(organisation: Organisation) -> int:
    """The smallest number of contractors whose ratings of a client may be shown: the
    pulse's k, the organisation's one setting for anonymous answers."""
    return anonymity_k(organisation)
