"""A client with a job and candidates in three languages, for the jobs tests."""

import datetime

from django.utils import translation

from hallway.outreach.models import Stage
from hallway.outreach.services.candidates import candidacy_add
from hallway.relationships.models import ContactKind, Order
from tests.factories import make_company, make_contact

UTC = datetime.UTC
# Monday 7 December 2026, 10:00 in Berlin.
MONDAY = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def make_job(organisation, title="Backend Engineer", company=None, **fields):
    company = company or make_company(
        organisation, "Lakeshore Outfitters", timezone="Europe/Berlin"
    )
    return Order.objects.create(
        organisation=organisation,
        company=company,
        title=title,
        at=datetime.date(2026, 11, 2),
        **fields,
    )


def make_candidate(organisation, name, language="en", **fields):
    fields.setdefault("kind", ContactKind.CANDIDATE)
    fields.setdefault("timezone", "Europe/Berlin")
    return make_contact(organisation, name, language=language, **fields)


def staff_job(organisation, owner, now=MONDAY):
    """A job with Emma (en, applied), Lena (de, screening), Sanne (nl, applied) and Omar
    (en, interview)."""
    job = make_job(organisation)
    people = {
        "emma": (make_candidate(organisation, "Emma Clark", "en"), Stage.APPLIED),
        "lena": (make_candidate(organisation, "Lena Vogel", "de"), Stage.SCREENING),
        "sanne": (make_candidate(organisation, "Sanne de Vries", "nl"), Stage.APPLIED),
        "omar": (make_candidate(organisation, "Omar Haddad", "en"), Stage.INTERVIEW),
    }
    candidacies = {
        key: candidacy_add(order=job, contact=contact, stage=stage, owner=owner, now=now)
        for key, (contact, stage) in people.items()
    }
    return job, candidacies


def translated(language, msgid):
    """`msgid` in `language`; fails when the compiled catalogue lacks it."""
    with translation.override(language):
        text = translation.gettext(msgid)
    assert text != msgid, f"{language} catalogue lacks {msgid!r}"
    return text
