"""The brief before a call, for the owner of the contact only (the contact never sees it).

What it holds: the last touches (kind, day, by whom, summary), the open "ask next time"
details the owner may see (through `selectors.visibility`, and sensitive ones only when the
owner wrote them), the company's rhythm when the recount has learned one, a small-talk
opener in the contact's language, and a gentle reminder to turn the camera on (the
templates add that). `Brief.as_context()` is plain JSON, stored in the owner's message and
shown by the `relationships/_brief.html` and `_brief.txt` partials, which pages of other
capabilities (gatherings, projects) can include as they are.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.relationships.models import Contact, Touch
from hallway.relationships.openers import opener_text
from hallway.relationships.selectors.calls import contact_side
from hallway.relationships.selectors.visibility import details_visible_to

TOUCHES = 5
DETAILS = 5


@dataclass(frozen=True)
class BriefTouch:
    kind: str
    at: datetime.datetime
    by: str
    summary: str


@dataclass(frozen=True)
class BriefDetail:
    text: str
    due_on: datetime.date | None
    sensitive: bool


@dataclass(frozen=True)
class Brief:
    contact_name: str
    company_name: str
    touches: tuple[BriefTouch, ...]
    details: tuple[BriefDetail, ...]
    opener: str
    opener_language: str
    # The detail the opener asks about ("" for a general opener).
    opener_about: str = ""
    usual_gap_days: int | None = None
    last_order_on: datetime.date | None = None
    last_touch_at: datetime.datetime | None = None

    @property
    def has_rhythm(self) -> bool:
        return any(
            value is not None
            for value in (self.usual_gap_days, self.last_order_on, self.last_touch_at)
        )

    def as_context(self) -> dict[str, Any]:
        """The brief as JSON values (ISO dates), for a message's context and the partials."""

        def iso(value: datetime.date | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "contact_name": self.contact_name,
            "company_name": self.company_name,
            "touches": [
                {"kind": t.kind, "at": t.at.isoformat(), "by": t.by, "summary": t.summary}
                for t in self.touches
            ],
            "details": [
                {"text": d.text, "due_on": iso(d.due_on), "sensitive": d.sensitive}
                for d in self.details
            ],
            "rhythm": {
                "usual_gap_days": self.usual_gap_days,
                "last_order_on": iso(self.last_order_on),
                "last_touch_at": iso(self.last_touch_at),
            }
            if self.has_rhythm
            else None,
            "opener": self.opener,
            "opener_language": self.opener_language,
            "opener_about": self.opener_about,
        }


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def brief_for(
    *, owner: User, contact: Contact, organisation: Organisation, today: datetime.date
) -> Brief:
    """The brief `owner` reads before talking to `contact` on `today` (the call's day)."""
    touches = (
        scoped(Touch, organisation)
        .filter(contacts=contact)
        .select_related("by")
        .order_by("-at", "-id")[:TOUCHES]
    )
    details = list(
        details_visible_to(owner, organisation)
        .filter(contact=contact, ask_next_time=True, asked_at__isnull=True)
        # Sensitive things (health, family) are for the one who was told them.
        .filter(Q(sensitive=False) | Q(author=owner))
        .filter(Q(due_on__isnull=True) | Q(due_on__lte=today))
        .order_by("due_on", "-created_at", "-id")[:DETAILS]
    )
    language = contact_side(organisation=organisation, contact=contact).language
    # The opener may ask about a detail, but never a sensitive one: it is a first question.
    about = next((detail.text for detail in details if not detail.sensitive), "")
    company = contact.company if contact.company_id else None
    gap = company.usual_gap_days if company is not None else None
    return Brief(
        contact_name=contact.name,
        company_name=company.name if company is not None else "",
        touches=tuple(
            BriefTouch(kind=t.kind, at=t.at, by=_name(t.by), summary=t.summary) for t in touches
        ),
        details=tuple(
            BriefDetail(text=d.text, due_on=d.due_on, sensitive=d.sensitive) for d in details
        ),
        opener=opener_text(
            contact_id=contact.pk, day=today, language=language, about_detail=bool(about)
        ),
        opener_language=language,
        opener_about=about,
        usual_gap_days=round(gap) if gap is not None else None,
        last_order_on=company.last_order_on if company is not None else None,
        last_touch_at=company.last_touch_at if company is not None else None,
    )
