"""The Today page: the user's open tasks from every source, linked to their contact and
company, done, snoozed by a day or a week, opened again; and the queue's count."""

import datetime

import pytest
from django.urls import reverse

from hallway.outreach.models import OwnerTask
from hallway.outreach.services.tasks import owner_task_done, owner_task_open
from tests.factories import make_company, make_contact

HOME = reverse("outreach:home")
NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def monday(time_machine):
    time_machine.move_to(NOW)


@pytest.fixture
def megan(acme, alice):
    company = make_company(acme, "Lakeshore")
    return make_contact(acme, "Megan Brooks", company=company, owners=[alice])


def task(acme, owner, key, *, due=TODAY, source="quiet", **fields):
    return owner_task_open(
        organisation=acme,
        owner=owner,
        key=key,
        kind="call",
        title=f"Task {key}",
        source=source,
        due_on=due,
        now=NOW,
        **fields,
    )


def snooze(client, task, days):
    return client.post(reverse("outreach:task_snooze", args=[task.pk]), {"days": days})


def test_tasks_from_every_source_link_their_contact_and_company(alice_client, acme, alice, megan):
    task(acme, alice, "call", contact=megan, company=megan.company)
    task(acme, alice, "feedback", source="check_in", company=megan.company)
    page = alice_client.get(HOME).content.decode()
    assert "Task call" in page
    assert "Task feedback" in page
    assert "Contractor check-in" in page
    assert reverse("relationships:contact", args=[megan.pk]) in page
    assert reverse("relationships:company", args=[megan.company.pk]) in page


def test_snooze_a_day_or_a_week(alice_client, acme, alice):
    overdue = task(acme, alice, "late", due=TODAY - datetime.timedelta(days=3))
    ahead = task(acme, alice, "ahead", due=TODAY + datetime.timedelta(days=2))
    assert snooze(alice_client, overdue, 1).status_code == 302
    assert snooze(alice_client, ahead, 7).status_code == 302
    overdue.refresh_from_db()
    ahead.refresh_from_db()
    assert overdue.due_on == TODAY + datetime.timedelta(days=1)  # from today, not from then
    assert ahead.due_on == TODAY + datetime.timedelta(days=9)


def test_snooze_refuses_other_spans(alice_client, acme, alice):
    open_task = task(acme, alice, "t")
    assert snooze(alice_client, open_task, 3).status_code == 400
    assert snooze(alice_client, open_task, "x").status_code == 400
    open_task.refresh_from_db()
    assert open_task.due_on == TODAY


def test_done_and_opened_again(alice_client, acme, alice):
    open_task = task(acme, alice, "t")
    alice_client.post(reverse("outreach:task_done", args=[open_task.pk]))
    open_task.refresh_from_db()
    assert open_task.done_at is not None
    page = alice_client.get(HOME).content.decode()
    assert "Done this week" in page
    assert "Open again" in page
    alice_client.post(reverse("outreach:task_done", args=[open_task.pk]), {"undo": "1"})
    open_task.refresh_from_db()
    assert open_task.done_at is None


def test_a_task_done_long_ago_is_not_offered_again(alice_client, acme, alice):
    old = task(acme, alice, "old")
    owner_task_done(task=old, now=NOW - datetime.timedelta(days=8))
    assert "Done this week" not in alice_client.get(HOME).content.decode()


def test_someone_elses_task_is_not_mine_to_move(bob_client, acme, alice):
    alices = task(acme, alice, "t")
    assert snooze(bob_client, alices, 1).status_code == 404
    assert bob_client.post(reverse("outreach:task_done", args=[alices.pk])).status_code == 404
    assert OwnerTask.objects.get(pk=alices.pk).due_on == TODAY
