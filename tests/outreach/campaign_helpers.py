"""What the content-sharing tests share: contacts with consent, a segment, an article."""

import datetime

from hallway.outreach.services.campaigns import CampaignFields, campaign_save
from hallway.outreach.services.segments import segment_save
from hallway.relationships.models import LegalBasis
from tests.factories import make_company, make_contact

UTC = datetime.UTC
# A Monday, 06:00 UTC: 07:00 in Berlin, before its working hours.
MONDAY_EARLY = datetime.datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
CONSENT = {"legal_basis": LegalBasis.CONSENT, "consent_on": datetime.date(2026, 1, 5)}


def consenting(organisation, name, owners=(), **fields):
    for key, value in CONSENT.items():
        fields.setdefault(key, value)
    fields.setdefault("kind", "client")
    return make_contact(organisation, name, owners=owners, **fields)


def lakeshore(organisation):
    return make_company(organisation, "Lakeshore", timezone="Europe/Berlin", industry="Retail")


def clients_segment(organisation, name="Clients", **filters):
    filters.setdefault("kinds", ["client"])
    return segment_save(organisation=organisation, name=name, filters=filters)


def article(organisation, segment, **fields):
    values = CampaignFields(
        title=fields.pop("title", "Hiring in 2027"),
        url=fields.pop("url", "https://blog.acme.test/hiring-2027"),
        intros=fields.pop(
            "intros",
            {
                "en": "Hi {first_name}, this made me think of {company}.",
                "de": "Hallo {first_name}, das hat mich an {company} denken lassen.",
            },
        ),
        segment=segment,
        **fields,
    )
    return campaign_save(organisation=organisation, values=values)
