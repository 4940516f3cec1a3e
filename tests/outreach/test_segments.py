"""Segments: saved, validated filters over contacts; a used one cannot be deleted."""

import pytest
from django.core.exceptions import ValidationError

from hallway.outreach.models import Segment
from hallway.outreach.selectors.segments import segment_contacts
from hallway.outreach.services.segments import segment_delete, segment_save
from hallway.relationships.models import ContactTag
from tests.outreach.campaign_helpers import (
    MONDAY_EARLY,
    article,
    clients_segment,
    consenting,
    lakeshore,
)


def test_a_segment_is_saved_with_clean_filters(acme, alice):
    segment = segment_save(
        organisation=acme,
        name="  Retail   clients ",
        filters={"kinds": ["client"], "industries": [" Retail", "retail "], "consent": True},
        by=alice,
    )
    assert segment.name == "Retail clients"
    assert segment.filters == {
        "kinds": ["client"],
        "industries": ["Retail", "retail"],
        "consent": True,
    }
    assert segment.created_by == alice


def test_every_problem_is_named_at_once(acme):
    with pytest.raises(ValidationError) as caught:
        segment_save(organisation=acme, name="", filters={"kinds": ["alien"], "colour": "red"})
    problems = caught.value.message_dict
    assert set(problems) == {"name", "filters"}
    assert len(problems["filters"]) == 2
    assert not Segment.objects.exists()


def test_names_are_unique_in_the_organisation(acme, globex):
    clients_segment(acme)
    with pytest.raises(ValidationError) as caught:
        clients_segment(acme, name="CLIENTS")
    assert "name" in caught.value.message_dict
    clients_segment(globex)  # another organisation may use the name


def test_a_segment_changes_in_place(acme):
    segment = clients_segment(acme)
    changed = segment_save(
        organisation=acme, name="Clients", filters={"languages": ["de"]}, segment=segment
    )
    assert changed.pk == segment.pk
    assert changed.filters == {"languages": ["de"]}


def test_members_are_read_fresh(acme):
    company = lakeshore(acme)
    megan = consenting(acme, "Megan Brooks", company=company)
    consenting(acme, "Paul Prospect", kind="prospect")
    tagged = consenting(acme, "Tina Tag")
    tagged.tags.add(ContactTag.objects.create(organisation=acme, name="vip"))
    segment = clients_segment(acme, industries=["retail"])
    assert list(segment_contacts(segment=segment, now=MONDAY_EARLY)) == [megan]
    vips = segment_save(organisation=acme, name="VIP", filters={"tags": ["vip"]})
    assert list(segment_contacts(segment=vips, now=MONDAY_EARLY)) == [tagged]


def test_a_segment_a_campaign_uses_stays(acme):
    segment = clients_segment(acme)
    article(acme, segment)
    with pytest.raises(ValidationError):
        segment_delete(segment=segment)
    assert Segment.objects.filter(pk=segment.pk).exists()
    unused = clients_segment(acme, name="Unused")
    segment_delete(segment=unused)
    assert not Segment.objects.filter(pk=unused.pk).exists()
