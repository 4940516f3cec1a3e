"""Retention: review after N months without a touch, erase after the grace period."""

import datetime

import pytest
import time_machine

from hallway.audit.models import AuditEvent
from hallway.relationships.models import Contact
from hallway.relationships.selectors.settings import relationship_settings
from hallway.relationships.services.retention import (
    contact_erase_on,
    contact_keep,
    contacts_for_review,
    months_before,
    retention_erase_due,
)
from hallway.relationships.tasks import retention_erase
from tests.factories import make_contact

TODAY = datetime.date(2026, 12, 7)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def retention(acme):
    settings = relationship_settings(acme)
    settings.retention_months = 12
    settings.retention_grace_days = 30
    settings.save()
    return settings


@pytest.fixture
def book(acme):
    old = datetime.date(2025, 11, 1)  # 13 months ago: past review, past grace
    recent_review = datetime.date(2025, 11, 20)  # past review, inside the grace
    return {
        "touched_recently": make_contact(
            acme, "Recent", created_at=at(old), last_touch_at=at(datetime.date(2026, 6, 1))
        ),
        "never_touched_old": make_contact(acme, "Old", created_at=at(old)),
        "touched_long_ago": make_contact(
            acme, "Long ago", created_at=at(old), last_touch_at=at(old)
        ),
        "in_grace": make_contact(acme, "In grace", created_at=at(recent_review)),
        "kept": make_contact(acme, "Kept", created_at=at(old), kept_on=datetime.date(2026, 3, 1)),
        "new": make_contact(acme, "New", created_at=at(TODAY)),
    }


def test_months_before_handles_short_months():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)
    assert months_before(datetime.date(2026, 1, 31), -1) == datetime.date(2026, 2, 28)


def test_without_a_retention_nothing_is_listed_or_erased(acme, book):
    assert not contacts_for_review(organisation=acme, today=TODAY).exists()
    assert retention_erase_due(organisation=acme, today=TODAY) == 0


def test_review_lists_the_silent_ones_and_the_job_erases_past_grace(acme, globex, retention, book):
    theirs = make_contact(globex, "Globex old", created_at=at(datetime.date(2020, 1, 1)))
    listed = {c.name for c in contacts_for_review(organisation=acme, today=TODAY)}
    assert listed == {"Old", "Long ago", "In grace"}
    assert contact_erase_on(book["in_grace"], retention) == datetime.date(2026, 12, 20)
    with time_machine.travel(at(TODAY)):
        assert retention_erase.call() == 2
    assert set(Contact.objects.filter(organisation=acme).values_list("name", flat=True)) == {
        "Recent", "In grace", "Kept", "New",
    }  # fmt: skip
    assert Contact.objects.filter(pk=theirs.pk).exists()  # Globex has no retention
    events = AuditEvent.objects.filter(action="contact_erased", organisation=acme)
    assert events.count() == 2
    assert {e.actor_label for e in events} == {"retention"}
    with time_machine.travel(at(TODAY)):
        assert retention_erase.call() == 0  # idempotent


def test_keeping_one_starts_its_period_again(acme, retention, book):
    contact_keep(contact=book["in_grace"], today=TODAY)
    listed = {c.name for c in contacts_for_review(organisation=acme, today=TODAY)}
    assert "In grace" not in listed
    assert retention_erase_due(organisation=acme, today=datetime.date(2027, 1, 31)) == 2
    assert Contact.objects.filter(pk=book["in_grace"].pk).exists()
