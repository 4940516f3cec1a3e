import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.relationships.models import TouchKind, TouchSource
from hallway.relationships.services.touches import touch_record
from tests.factories import make_company, make_contact

AT = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def client_company(acme):
    return make_company(acme, "Brightside GmbH")


def test_a_touch_by_a_colleague_resets_the_contact_and_the_company(
    acme, alice, bob, client_company
):
    nina = make_contact(acme, "Nina Vogel", company=client_company, owners=[alice])
    touch_record(organisation=acme, kind=TouchKind.CALL, at=AT, contacts=[nina], by=bob)
    nina.refresh_from_db()
    client_company.refresh_from_db()
    assert nina.last_touch_at == AT
    assert client_company.last_touch_at == AT


def test_an_older_touch_recorded_late_does_not_move_the_rhythm_back(acme, alice, client_company):
    nina = make_contact(acme, "Nina Vogel", company=client_company)
    touch_record(organisation=acme, kind=TouchKind.CALL, at=AT, contacts=[nina])
    older = AT - datetime.timedelta(days=30)
    touch = touch_record(organisation=acme, kind=TouchKind.EMAIL, at=older, contacts=[nina])
    nina.refresh_from_db()
    assert nina.last_touch_at == AT
    assert touch.company == client_company  # the contacts' one company


def test_the_same_event_read_twice_is_one_touch(acme, client_company):
    nina = make_contact(acme, "Nina Vogel", company=client_company)
    first = touch_record(
        organisation=acme,
        kind=TouchKind.MEETING,
        at=AT,
        contacts=[nina],
        source=TouchSource.CALENDAR,
        external_id="uid-1@calendar",
    )
    again = touch_record(
        organisation=acme,
        kind=TouchKind.MEETING,
        at=AT,
        contacts=[nina],
        source=TouchSource.CALENDAR,
        external_id="uid-1@calendar",
    )
    assert first.pk == again.pk


def test_a_touch_needs_someone_and_an_aware_time(acme, globex, client_company):
    with pytest.raises(ValidationError) as nobody:
        touch_record(organisation=acme, kind=TouchKind.CALL, at=AT)
    assert "contacts" in nobody.value.message_dict
    with pytest.raises(ValidationError) as naive:
        touch_record(
            organisation=acme,
            kind=TouchKind.CALL,
            at=AT.replace(tzinfo=None),
            company=client_company,
        )
    assert "at" in naive.value.message_dict
    foreign = make_contact(globex, "Someone Else")
    with pytest.raises(ValidationError):
        touch_record(organisation=acme, kind=TouchKind.CALL, at=AT, contacts=[foreign])
