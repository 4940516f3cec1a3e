"""What other capabilities may use of coffee dates (the only coffee module they import).

Onboarding plans its meetings as coffee pairings, so they share intros, feedback links,
video rooms and the one memory of who met whom:

- `Pairing`, `PairingMember`, `Outcome`: a meeting of two or three people and its answers.
  A pairing without a round was made by another capability, which links it from its side;
  `remembered=True` marks one that took place elsewhere (a gathering's breakout room): plans
  count it, nobody is introduced or asked about it, and it is not among a person's matches.
- `organisation_history(...)`: every past meeting in the organisation, for the engine.
- `engine_participant(person, interests)`: a person as the engine sees them.
- `blocked_pairs(organisation_id=...)`: pairs who asked never to be matched.
- `pairings_for_messages(queryset)`, `pairing_introduce(pairing=..., now=...)`: send intros.
- `starter_pick(pairing_id=, theme=)`, `starter_text(key)`, `StarterTheme`: the bank of
  conversation starters in every language (gatherings' breakout rooms use it too).
- `pairings_met(since=...)` → `MetPairing` (with `MetPerson` members): the dates someone said
  took place; relationships turns those with a contact into touches.
"""

from hallway.coffee.models import Outcome, Pairing, PairingMember, StarterTheme
from hallway.coffee.selectors.met import MetPairing, MetPerson, pairings_met
from hallway.coffee.selectors.participants import (
    blocked_pairs,
    engine_participant,
    organisation_history,
)
from hallway.coffee.services.intros import pairing_introduce, pairings_for_messages
from hallway.coffee.starters import starter_pick, starter_text

__all__ = [
    "MetPairing",
    "MetPerson",
    "Outcome",
    "Pairing",
    "PairingMember",
    "StarterTheme",
    "blocked_pairs",
    "engine_participant",
    "organisation_history",
    "pairing_introduce",
    "pairings_for_messages",
    "pairings_met",
    "starter_pick",
    "starter_text",
]
