"""Content sharing: a piece of thought leadership (title, link, a personal intro per
language) sent once to a segment.

`campaign_preview` says, for every member of the segment now, what sending would do: a
mail, a personal note drafted for their owner (key contacts: those with a keep-in-touch
cadence, who matter enough to have a rhythm, hear from a person rather than a
broadcast), or nothing and why. `campaign_send` does exactly that, once: a conditional
update from draft to sent decides, in the same transaction as every send it writes.

Every mail and note is a personal message (`services.personal`), marked marketing, so the
release checks consent and unsubscribes again at the moment it goes; a note waits for its
owner's approval. Links go through `/outreach/r/<token>/`, one token per recipient, which
counts the click and redirects to the article.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hallway.accounts.links import absolute_url
from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.outreach.models import (
    Campaign,
    CampaignSend,
    CampaignStatus,
    Segment,
    SendKind,
    Source,
)
from hallway.outreach.models.campaigns import SKIP_SENT_DAYS_DEFAULT, SKIP_TOUCHED_DAYS_DEFAULT
from hallway.outreach.selectors.campaigns import (
    NO_OWNER,
    RECENT_SEND,
    SKIP_REASONS,
    TOUCHED,
)
from hallway.outreach.selectors.consent import (
    NO_ADDRESS,
    NO_CONSENT,
    UNSUBSCRIBED,
    has_consent,
    unsubscribed_addresses,
)
from hallway.outreach.selectors.segments import segment_contacts
from hallway.outreach.services.personal import Draft, personal_messages_draft_many
from hallway.outreach.variables import first_name, text_fill, unknown_variables
from hallway.relationships.interface import Contact

TITLE_MAX = 200
URL_MAX = 500
INTRO_MAX = 5000
DAYS_MAX = 365
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


@dataclass
class CampaignFields:
    title: str = ""
    url: str = ""
    intros: dict[str, str] = field(default_factory=dict)
    segment: Segment | None = None
    skip_touched_days: int = SKIP_TOUCHED_DAYS_DEFAULT
    skip_sent_days: int = SKIP_SENT_DAYS_DEFAULT


def is_web_url(url: str) -> bool:
    """Only http(s) links are sent and redirected to (never javascript:, data:, …)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def campaign_problems(
    *, organisation: Organisation, values: CampaignFields
) -> dict[str, list[str]]:
    """Every problem with `values` (intro problems under `intro_<language>`)."""
    problems: dict[str, list[str]] = {}
    title = " ".join(values.title.split())
    if not title or len(title) > TITLE_MAX:
        problems["title"] = [_("A title of 1 to %(max)d characters.") % {"max": TITLE_MAX}]
    url = values.url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
        if len(url) > URL_MAX or not is_web_url(url):
            raise ValidationError("")
    except ValidationError:
        problems["url"] = [_("Enter a web address starting with https:// or http://.")]
    for code, text in values.intros.items():
        if code not in LANGUAGES:
            problems.setdefault("intros", []).append(
                _("“%(code)s” is not a language (one of %(known)s).")
                % {"code": code, "known": ", ".join(LANGUAGES)}
            )
            continue
        if len(text) > INTRO_MAX:
            problems[f"intro_{code}"] = [
                _("At most %(max)d characters.") % {"max": INTRO_MAX},
            ]
        unknown = unknown_variables(text)
        if unknown:
            problems.setdefault(f"intro_{code}", []).append(
                _("Unknown variables: %(names)s.")
                % {"names": ", ".join("{" + name + "}" for name in unknown)}
            )
    if not any(text.strip() for text in values.intros.values()):
        problems.setdefault("intros", []).append(
            _("Write the introduction in at least one language.")
        )
    if values.segment is None:
        problems["segment"] = [_("Choose a segment.")]
    elif values.segment.organisation_id != organisation.pk:
        problems["segment"] = [_("Choose a segment from this organisation.")]
    for name in ("skip_touched_days", "skip_sent_days"):
        days = getattr(values, name)
        if not isinstance(days, int) or not 0 <= days <= DAYS_MAX:
            problems[name] = [_("A number of days from 0 to %(max)d.") % {"max": DAYS_MAX}]
    return problems


def campaign_save(
    *,
    organisation: Organisation,
    values: CampaignFields,
    by: User | None = None,
    campaign: Campaign | None = None,
) -> Campaign:
    """Create a draft (or change `campaign` while it is a draft)."""
    if campaign is not None and campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(_("This article was sent already; it cannot change."))
    problems = campaign_problems(organisation=organisation, values=values)
    if problems:
        raise ValidationError(problems)
    if campaign is None:
        campaign = Campaign(organisation=organisation, created_by=by)
    assert values.segment is not None
    campaign.title = " ".join(values.title.split())
    campaign.url = values.url.strip()
    campaign.intros = {
        code: text.strip() for code, text in sorted(values.intros.items()) if text.strip()
    }
    campaign.segment = values.segment
    campaign.skip_touched_days = values.skip_touched_days
    campaign.skip_sent_days = values.skip_sent_days
    campaign.save()
    return campaign


@dataclass
class Planned:
    contact: Contact
    kind: str  # SendKind
    owner: User | None = None
    reason: str = ""

    @property
    def reason_label(self) -> str:
        return str(SKIP_REASONS.get(self.reason, self.reason))


@dataclass
class CampaignPlan:
    rows: list[Planned]

    @property
    def mail(self) -> list[Planned]:
        return [row for row in self.rows if row.kind == SendKind.MAIL]

    @property
    def notes(self) -> list[Planned]:
        return [row for row in self.rows if row.kind == SendKind.NOTE]

    @property
    def skipped(self) -> list[Planned]:
        return [row for row in self.rows if row.kind == SendKind.SKIPPED]

    def skipped_by_reason(self) -> dict[str, int]:
        counts = dict.fromkeys(SKIP_REASONS, 0)
        for row in self.skipped:
            counts[row.reason] = counts.get(row.reason, 0) + 1
        return counts

    def as_json(self) -> dict[str, object]:
        def person(row: Planned) -> dict[str, object]:
            found: dict[str, object] = {
                "contact_id": row.contact.pk,
                "name": row.contact.name,
                "email": row.contact.email,
            }
            if row.kind == SendKind.NOTE:
                found["owner"] = row.owner.email if row.owner else None
            if row.kind == SendKind.SKIPPED:
                found["reason"] = row.reason
            return found

        return {
            "counts": {
                "mail": len(self.mail),
                "notes": len(self.notes),
                "skipped": len(self.skipped),
                "skipped_by_reason": self.skipped_by_reason(),
            },
            "mail": [person(row) for row in self.mail],
            "notes": [person(row) for row in self.notes],
            "skipped": [person(row) for row in self.skipped],
        }


def is_key_contact(contact: Contact) -> bool:
    """A contact with a keep-in-touch cadence matters enough to hear from a person."""
    return contact.cadence_days is not None


def _owners_here(organisation: Organisation) -> Any:
    return Prefetch(
        "owners",
        queryset=User.objects.filter(memberships__organisation=organisation).order_by("pk"),
        to_attr="owners_here",
    )


def campaign_preview(*, campaign: Campaign, now: datetime.datetime) -> CampaignPlan:
    """What sending `campaign` now would do for each member of its segment."""
    organisation = campaign.organisation
    contacts = list(
        segment_contacts(segment=campaign.segment, now=now)
        .select_related("company")
        .prefetch_related(_owners_here(organisation))
    )
    unsubscribed = unsubscribed_addresses(organisation.pk, [c.email for c in contacts])
    recently_sent: set[int] = set()
    if campaign.skip_sent_days:
        recently_sent = set(
            scoped(CampaignSend, organisation)
            .filter(
                kind=SendKind.MAIL,
                contact__in=contacts,
                created_at__gte=now - datetime.timedelta(days=campaign.skip_sent_days),
            )
            .exclude(campaign=campaign)
            .values_list("contact_id", flat=True)
        )
    touched_since = now - datetime.timedelta(days=campaign.skip_touched_days)
    rows = []
    for contact in contacts:
        owners: list[User] = getattr(contact, "owners_here", [])
        owner = owners[0] if owners else None
        reason = ""
        if not contact.email.strip():
            reason = NO_ADDRESS
        elif contact.email.strip().lower() in unsubscribed:
            reason = UNSUBSCRIBED
        elif not has_consent(contact):
            reason = NO_CONSENT
        elif (
            campaign.skip_touched_days
            and contact.last_touch_at is not None
            and contact.last_touch_at >= touched_since
        ):
            reason = TOUCHED
        elif contact.pk in recently_sent:
            reason = RECENT_SEND
        elif is_key_contact(contact) and owner is None:
            reason = NO_OWNER
        if reason:
            rows.append(Planned(contact=contact, kind=SendKind.SKIPPED, owner=owner, reason=reason))
        elif is_key_contact(contact):
            rows.append(Planned(contact=contact, kind=SendKind.NOTE, owner=owner))
        else:
            rows.append(Planned(contact=contact, kind=SendKind.MAIL, owner=owner))
    return CampaignPlan(rows=rows)


def intro_for(intros: dict[str, str], language: str) -> tuple[str, str]:
    """(language, intro): the contact's language, else English, else any written one."""
    for code in (language, "en", *sorted(intros)):
        text = intros.get(code, "")
        if text.strip():
            return code, text
    return language, ""


def click_url(send: CampaignSend) -> str:
    return absolute_url(reverse("outreach:campaign_click", kwargs={"token": send.token}))


def _values(organisation: Organisation, contact: Contact, owner: User | None) -> dict[str, str]:
    owner_name = (owner.get_full_name() or owner.email) if owner else ""
    return {
        "first_name": first_name(contact.name),
        "name": contact.name,
        "company": contact.company.name if contact.company else "",
        "job": contact.job_title,
        "owner_name": owner_name,
        "owner_first_name": first_name(owner.first_name or owner_name) if owner else "",
        "organisation": organisation.name,
    }


def campaign_message_text(
    *, campaign: Campaign, contact: Contact, owner: User | None, link: str, note: bool
) -> tuple[str, str, str]:
    """(language, subject, body) of the mail or note to `contact`."""
    organisation = campaign.organisation
    wanted = contact.effective("language") or organisation.language
    language, intro = intro_for(campaign.intros, wanted)
    intro = text_fill(intro, _values(organisation, contact, owner)).strip()
    lines = [intro, ""]
    if note:
        with translation.override(language):
            lines.append(_("I thought of you when I read this, and would like to hear your view."))
    lines += [campaign.title, link]
    return language, campaign.title, "\n".join(lines)


@dataclass
class SendReport:
    mail: int = 0
    notes: int = 0
    skipped: int = 0


def campaign_send(*, campaign: Campaign, by: User | None, now: datetime.datetime) -> SendReport:
    """Send `campaign` once (ValidationError when it went already): a marketing message
    to each recipient, a note waiting for the owner of each key contact, a row for each
    member skipped. The messages leave when due, inside each contact's hours."""
    organisation = campaign.organisation
    report = SendReport()
    with transaction.atomic():
        changed = Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.DRAFT).update(
            status=CampaignStatus.SENT, sent_at=now
        )
        if not changed:
            raise ValidationError(_("This article was sent already."))
        plan = campaign_preview(campaign=campaign, now=now)
        # In bulk: an article may go to thousands, within one click's patience.
        sends = CampaignSend.objects.bulk_create(
            [
                CampaignSend(
                    organisation=organisation,
                    campaign=campaign,
                    contact=row.contact,
                    kind=row.kind,
                    skip_reason=row.reason,
                    created_at=now,
                )
                for row in plan.rows
            ],
            batch_size=500,
        )
        drafts: list[tuple[CampaignSend, Draft]] = []
        for row, send in zip(plan.rows, sends, strict=True):
            if row.kind == SendKind.SKIPPED:
                report.skipped += 1
                continue
            note = row.kind == SendKind.NOTE
            language, subject, body = campaign_message_text(
                campaign=campaign,
                contact=row.contact,
                owner=row.owner,
                link=click_url(send),
                note=note,
            )
            draft = Draft(
                contact=row.contact,
                owner=row.owner,
                source=Source.NOTE if note else Source.CAMPAIGN,
                key=f"campaign:{campaign.pk}:{'note:' if note else ''}{row.contact.pk}",
                ref=f"campaign:{campaign.pk}",
                subject=subject,
                body=body,
                language=language,
                marketing=True,
                approval=note,
            )
            drafts.append((send, draft))
            if note:
                report.notes += 1
            else:
                report.mail += 1
        messages = personal_messages_draft_many(
            organisation=organisation, drafts=[draft for _send, draft in drafts], now=now
        )
        for send, draft in drafts:
            send.message = messages[draft.key[:160]]
        CampaignSend.objects.bulk_update([send for send, _draft in drafts], ["message"], 500)
    campaign.refresh_from_db()
    return report


def campaign_click(*, token: str, now: datetime.datetime) -> str | None:
    """Count a click on a recipient's link; the article's address, or None when the token
    is unknown or the address is not a web one."""
    send = CampaignSend.objects.filter(token=token).select_related("campaign").first()
    if send is None or not is_web_url(send.campaign.url):
        return None
    CampaignSend.objects.filter(pk=send.pk, clicked_at=None).update(clicked_at=now)
    CampaignSend.objects.filter(pk=send.pk).update(clicks=F("clicks") + 1)
    return send.campaign.url
