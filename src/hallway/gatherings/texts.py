"""Good first words for an invitation, per kind of gathering, in the host's language: the
invitation form starts from them, and every host can change them."""

from django.utils import translation
from django.utils.translation import gettext as _

from hallway.gatherings.models import GatheringKind


def default_invitation_text(kind: str, language: str) -> str:
    with translation.override(language):
        texts: dict[str, str] = {
            GatheringKind.COCKTAIL.value: _(
                "I had hoped to meet you at the conference. Since that isn't possible, how "
                "about a virtual drink with a few people I would have liked you to meet? "
                "Bring a drink of your choice; we keep it small, and everyone gets to talk."
            ),
            GatheringKind.HAPPY_HOUR.value: _(
                "Time to break the routine: join us for a drink and talk about anything but "
                "work. No agenda, no slides, cameras on if you like."
            ),
            GatheringKind.ROUNDTABLE.value: _(
                "A small round of people who care about the same question. A few minutes "
                "each to share what you see, then an open conversation."
            ),
        }
        return str(texts.get(kind, _("Join us for a short video gathering.")))
