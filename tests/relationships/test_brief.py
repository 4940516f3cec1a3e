"""The brief before a call: what the owner may read of a contact, and an opener in the
contact's language."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from hallway.accounts.models import Role
from hallway.relationships.models import Detail, Visibility
from hallway.relationships.openers import ABOUT_DETAIL, MONDAY
from hallway.relationships.selectors.brief import brief_for
from tests.factories import make_company, make_contact, make_touch, make_user

UTC = datetime.UTC
MONDAY_23_NOV = datetime.date(2026, 11, 23)


@pytest.fixture
def carol(acme):
    return make_user("carol@acme.test", acme, Role.MEMBER)


@pytest.fixture
def nina(acme, alice, bob):
    company = make_company(acme, "Brightside GmbH", language="de")
    company.owners.add(alice, bob)
    return make_contact(acme, "Nina Vogel", company=company, owners=[alice, bob])


def detail(acme, author, contact, text, **fields):
    fields.setdefault("ask_next_time", True)
    fields.setdefault("visibility", Visibility.ORGANISATION)
    return Detail.objects.create(
        organisation=acme, author=author, contact=contact, text=text, **fields
    )


def texts(brief):
    return {d.text for d in brief.details}


def test_the_owner_reads_only_what_is_theirs_to_read(acme, alice, bob, carol, nina):
    detail(acme, bob, nina, "Her mother is ill", sensitive=True)  # another author's
    detail(acme, carol, nina, "Thinks of leaving", visibility=Visibility.PRIVATE)
    detail(acme, bob, nina, "Shortlist wanted", visibility=Visibility.OWNERS)
    detail(acme, alice, nina, "Back from parental leave", sensitive=True)
    detail(acme, alice, nina, "Running the Köln marathon")
    detail(acme, alice, nina, "Moved offices", ask_next_time=False)
    detail(acme, alice, nina, "Asked already", asked_at=datetime.datetime(2026, 11, 1, tzinfo=UTC))
    detail(acme, alice, nina, "Wedding in spring", due_on=datetime.date(2027, 4, 1))

    brief = brief_for(owner=alice, contact=nina, organisation=acme, today=MONDAY_23_NOV)
    assert texts(brief) == {
        "Shortlist wanted",  # shared with the owners, and she is one
        "Back from parental leave",  # sensitive, but she wrote it
        "Running the Köln marathon",
    }
    context = brief.as_context()
    rendered = render_to_string("relationships/_brief.html", {"brief": context})
    rendered += render_to_string("relationships/_brief.txt", {"brief": context})
    for hidden in ("mother", "leaving", "Moved offices", "Asked already", "Wedding"):
        assert hidden not in rendered

    # Bob owns her too, but Alice's sensitive detail is not his to read before a call.
    brief = brief_for(owner=bob, contact=nina, organisation=acme, today=MONDAY_23_NOV)
    assert texts(brief) == {"Her mother is ill", "Shortlist wanted", "Running the Köln marathon"}
    # Carol does not own her: only what the organisation shares, and her own private note.
    brief = brief_for(owner=carol, contact=nina, organisation=acme, today=MONDAY_23_NOV)
    assert texts(brief) == {"Thinks of leaving", "Running the Köln marathon"}


def test_the_last_touches_newest_first_and_the_rhythm_when_known(acme, alice, bob, nina):
    for day in range(1, 8):
        make_touch(acme, nina, at=datetime.datetime(2026, 10, day, 9, tzinfo=UTC), by=bob)
    brief = brief_for(owner=alice, contact=nina, organisation=acme, today=MONDAY_23_NOV)
    assert [t.at.day for t in brief.touches] == [7, 6, 5, 4, 3]
    assert brief.touches[0].by == "Bob"
    assert brief.as_context()["rhythm"] is None

    company = nina.company
    company.usual_gap_days = 13.6
    company.last_order_on = datetime.date(2026, 11, 2)
    company.save()
    nina.refresh_from_db()
    brief = brief_for(owner=alice, contact=nina, organisation=acme, today=MONDAY_23_NOV)
    assert brief.as_context()["rhythm"] == {
        "usual_gap_days": 14,
        "last_order_on": "2026-11-02",
        "last_touch_at": None,
    }
    with translation.override("en"):
        text = render_to_string("relationships/_brief.txt", {"brief": brief.as_context()})
    assert "about 14 days" in text
    assert "Mon 2 Nov 2026" in text


def test_the_opener_is_in_the_contacts_language(acme, alice, nina):
    brief = brief_for(owner=alice, contact=nina, organisation=acme, today=MONDAY_23_NOV)
    assert brief.opener_language == "de"  # the company's
    with translation.override("de"):
        monday = {str(text) for text in MONDAY}
    with translation.override("en"):
        english = {str(text) for text in MONDAY}
    assert brief.opener in monday
    assert brief.opener not in english
    assert brief.opener_about == ""

    # An open detail gives the opener its topic (never a sensitive one).
    detail(acme, alice, nina, "Her divorce", sensitive=True)
    detail(acme, alice, nina, "Running the Köln marathon")
    nina.language = "nl"
    nina.save()
    brief = brief_for(owner=alice, contact=nina, organisation=acme, today=MONDAY_23_NOV)
    with translation.override("nl"):
        about = {str(text) for text in ABOUT_DETAIL}
    assert brief.opener in about
    assert brief.opener_about == "Running the Köln marathon"
    # The same call, the same opener.
    again = brief_for(owner=alice, contact=nina, organisation=acme, today=MONDAY_23_NOV)
    assert again.opener == brief.opener
