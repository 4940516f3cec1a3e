"""Hiring freezes: every candidate at the chosen stages told in their language over real
SMTP, the recruiter reminded the day before the resume date, the follow-up on it, nothing
twice; and nobody waiting ten working days without news."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hallway.messaging.delivery import outbox_deliver_due
from hallway.messaging.models import OutboxMessage
from hallway.messaging.services import suppression_add
from hallway.outreach.messages import OWNER_REMINDER
from hallway.outreach.models import (
    Freeze,
    MessageStatus,
    OwnerTask,
    PersonalMessage,
    Source,
    Stage,
    TaskKind,
)
from hallway.outreach.services.candidates import candidacy_add, candidacy_stage_set
from hallway.outreach.services.due import outreach_run_due
from hallway.outreach.services.freezes import (
    freeze_announce,
    freeze_audience,
    freeze_lift,
    freeze_scope,
    freezes_run_due,
    news_tasks_open,
)
from hallway.relationships.models import OrderStatus
from tests.factories import make_company, make_contact
from tests.outreach.jobs_helpers import MONDAY, UTC, make_candidate, make_job, staff_job

RESUME = datetime.date(2026, 12, 21)
PAUSED = "The client has paused hiring for about %(days)s day."


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


def catalog_has(language, msgid):
    with translation.override(language):
        return translation.gettext(msgid) != msgid


def announce(acme, alice, job, **fields):
    fields.setdefault("stages", [Stage.APPLIED, Stage.SCREENING])
    fields.setdefault("resume_on", RESUME)
    fields.setdefault("now", MONDAY)
    return freeze_announce(organisation=acme, order=job, by=alice, **fields)


def at(day, hour, minute=0):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def test_a_freeze_reaches_each_candidate_in_their_language_and_follows_up_by_itself(
    acme, alice, smtp_server, time_machine
):
    time_machine.move_to(MONDAY)
    job, people = staff_job(acme, alice)
    freeze = announce(acme, alice, job)
    assert freeze.notified == 3  # Omar is at the interview stage

    outreach_run_due(organisation=acme, now=MONDAY)
    outbox_deliver_due(worker="test")
    mails = {mail["To"].addresses[0].display_name: mail for mail in smtp_server}
    assert set(mails) == {"Emma Clark", "Lena Vogel", "Sanne de Vries"}
    emma = mails["Emma Clark"].get_body(("plain",)).get_content()
    assert "paused hiring for about 14 days" in emma
    assert "you have not been forgotten" in emma
    assert "Dec. 21, 2026" in emma
    assert mails["Emma Clark"]["Reply-To"] == alice.email
    languages = dict(
        OutboxMessage.objects.filter(message_type="outreach_personal").values_list(
            "address", "language"
        )
    )
    assert languages == {
        "emma.clark@client.test": "en",
        "lena.vogel@client.test": "de",
        "sanne.de.vries@client.test": "nl",
    }
    lena = mails["Lena Vogel"].get_body(("plain",)).get_content()
    sanne = mails["Sanne de Vries"].get_body(("plain",)).get_content()
    assert catalog_has("de", PAUSED)
    assert catalog_has("nl", PAUSED)
    assert "Einstellungen" in lena or "pausiert" in lena
    assert "21. Dezember 2026" in lena
    assert "gepauzeerd" in sanne
    assert "21 december 2026" in sanne
    smtp_server.clear()

    # A week on, Lena moves on to an interview: she is no longer waiting on the freeze.
    candidacy_stage_set(
        candidacy=people["lena"], stage=Stage.INTERVIEW, now=at(14, 9), notify=False, by=alice
    )

    # Nothing before the day before the resume date.
    for moment in (at(8, 9), at(14, 9), at(19, 12)):
        time_machine.move_to(moment)
        outreach_run_due(organisation=acme, now=moment)
    freeze.refresh_from_db()
    assert freeze.reminded_at is None
    assert freeze.followed_up_at is None
    assert not PersonalMessage.objects.filter(source=Source.FREEZE_FOLLOW_UP).exists()
    assert not OutboxMessage.objects.filter(message_type=OWNER_REMINDER).exists()

    # The day before (a Sunday in Berlin): the recruiter is reminded, by mail and a task.
    time_machine.move_to(at(20, 8))
    outreach_run_due(organisation=acme, now=at(20, 8))
    outbox_deliver_due(worker="test")
    [reminder] = smtp_server
    assert reminder["To"].addresses[0].addr_spec == alice.email
    assert "hiring resumes" in reminder["Subject"].lower()
    task = OwnerTask.objects.get(kind=TaskKind.FOLLOW_UP, owner=alice)
    assert task.due_on == RESUME
    freeze.refresh_from_db()
    assert freeze.reminded_at == at(20, 8)
    assert freeze.followed_up_at is None
    smtp_server.clear()

    # On the resume date: the follow-up to those still at a frozen stage (not Lena).
    time_machine.move_to(at(21, 7))
    outreach_run_due(organisation=acme, now=at(21, 7))
    freeze.refresh_from_db()
    assert freeze.followed_up_at == at(21, 7)
    time_machine.move_to(at(21, 8, 1))
    outreach_run_due(organisation=acme, now=at(21, 8, 1))
    outbox_deliver_due(worker="test")
    assert {mail["To"].addresses[0].display_name for mail in smtp_server} == {
        "Emma Clark",
        "Sanne de Vries",
    }
    emma = next(m for m in smtp_server if "Emma" in m["To"]).get_body(("plain",)).get_content()
    assert "resumed hiring" in emma
    assert "next steps" in emma
    smtp_server.clear()

    # Nothing twice.
    for moment in (at(21, 12), at(22, 9), at(23, 9)):
        time_machine.move_to(moment)
        outreach_run_due(organisation=acme, now=moment)
        outbox_deliver_due(worker="test")
    assert smtp_server == []
    assert PersonalMessage.objects.filter(source=Source.FREEZE_FOLLOW_UP).count() == 2
    assert OutboxMessage.objects.filter(message_type=OWNER_REMINDER).count() == 1


def test_a_custom_message_replaces_the_text_with_variables_filled(acme, alice):
    job, _people = staff_job(acme, alice)
    announce(acme, alice, job, message="Hi {first_name}, {job} is on hold. Talk soon, {owner_name}")
    message = PersonalMessage.objects.get(contact__name="Lena Vogel", source=Source.FREEZE)
    assert message.body.startswith("Hi Lena, Backend Engineer is on hold.")
    assert message.language == "de"


def test_candidates_without_an_address_or_unsubscribed_are_counted_apart(acme, alice):
    job, people = staff_job(acme, alice)
    people["emma"].contact.email = ""
    people["emma"].contact.save()
    suppression_add(organisation=acme, channel="email", address="lena.vogel@client.test")
    audience = freeze_audience(
        freeze_scope(Freeze(organisation=acme, order=job, stages=["applied", "screening"]))
    )
    assert [u.reason for u in audience.unreached] == ["no_address", "unsubscribed"]
    freeze = announce(acme, alice, job)
    assert freeze.notified == 1
    assert list(PersonalMessage.objects.values_list("contact__name", flat=True)) == [
        "Sanne de Vries"
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"resume_on": datetime.date(2026, 12, 7)}, "resume_on"),
        ({"resume_on": datetime.date(2026, 12, 1)}, "resume_on"),
        ({"stages": []}, "stages"),
        ({"stages": ["hired"]}, "stages"),
        ({"stages": ["applied", "nope"]}, "stages"),
        ({"message": "Hi {frist_name}"}, "message"),
    ],
)
def test_bad_input_changes_nothing(acme, alice, change, field):
    job, _people = staff_job(acme, alice)
    with pytest.raises(ValidationError) as caught:
        announce(acme, alice, job, **change)
    assert field in caught.value.message_dict
    assert not Freeze.objects.exists()
    assert not PersonalMessage.objects.exists()


def test_another_organisations_job_or_a_second_freeze_is_refused(acme, alice, globex):
    job, _people = staff_job(acme, alice)
    theirs = make_job(globex, company=make_company(globex, "Initech"))
    with pytest.raises(ValidationError) as caught:
        announce(acme, alice, theirs)
    assert "order" in caught.value.message_dict
    announce(acme, alice, job)
    with pytest.raises(ValidationError) as caught:
        announce(acme, alice, job, resume_on=datetime.date(2027, 1, 11))
    assert "active" in caught.value.message_dict["order"][0]
    # A client-wide freeze overlaps the job's own too.
    with pytest.raises(ValidationError):
        freeze_announce(
            organisation=acme,
            company=job.company,
            stages=["applied"],
            resume_on=RESUME,
            by=alice,
            now=MONDAY,
        )
    assert Freeze.objects.count() == 1


def test_a_client_wide_freeze_tells_the_candidates_of_its_live_jobs(acme, alice):
    job, _people = staff_job(acme, alice)
    filled = make_job(acme, "Data Analyst", company=job.company, status=OrderStatus.FILLED)
    candidacy_add(
        order=filled,
        contact=make_candidate(acme, "Ana Silva"),
        stage="applied",
        owner=alice,
        now=MONDAY,
    )
    freeze = freeze_announce(
        organisation=acme,
        company=job.company,
        stages=["applied"],
        resume_on=RESUME,
        by=alice,
        now=MONDAY,
    )
    assert freeze.notified == 2  # Emma and Sanne; Ana's job is filled


def test_lifting_a_freeze_sends_the_follow_up_now_and_once(acme, alice):
    job, _people = staff_job(acme, alice)
    freeze = announce(acme, alice, job)
    lifted = freeze_lift(freeze=freeze, now=at(9, 10), by=alice)
    assert lifted.lifted_at == at(9, 10)
    assert lifted.followed_up_at == at(9, 10)
    assert PersonalMessage.objects.filter(source=Source.FREEZE_FOLLOW_UP).count() == 3
    with pytest.raises(ValidationError):
        freeze_lift(freeze=freeze, now=at(9, 11), by=alice)
    freezes_run_due(organisation=acme, now=at(21, 9))
    assert PersonalMessage.objects.filter(source=Source.FREEZE_FOLLOW_UP).count() == 3
    # A new freeze may follow a lifted one.
    assert announce(acme, alice, job, now=at(9, 12)).notified == 3


def test_a_candidate_without_news_for_ten_working_days_gets_their_recruiter_a_task(acme, alice):
    job, people = staff_job(acme, alice)
    announce(acme, alice, job, resume_on=datetime.date(2027, 1, 11))
    # Friday 18 December is nine working days on: nobody is due yet.
    assert news_tasks_open(organisation=acme, now=at(18, 12)) == 0
    # Monday 21st, ten: Omar (not frozen) is; the frozen ones were told when to expect news.
    assert news_tasks_open(organisation=acme, now=at(21, 12)) == 1
    task = OwnerTask.objects.get(kind=TaskKind.NEWS)
    assert task.contact == people["omar"].contact
    assert task.owner == alice
    assert task.key == f"news:{people['omar'].pk}:2026-12-07"
    assert news_tasks_open(organisation=acme, now=at(22, 12)) == 0


def test_a_touch_restarts_the_wait(acme, alice):
    job = make_job(acme)
    person = make_contact(acme, "Omar Haddad", kind="candidate")
    candidacy_add(order=job, contact=person, stage="interview", owner=alice, now=MONDAY)
    person.last_touch_at = at(14, 9)
    person.save()
    assert news_tasks_open(organisation=acme, now=at(21, 12)) == 0
    assert news_tasks_open(organisation=acme, now=at(28, 12)) == 1
    assert OwnerTask.objects.get().key.endswith(":2026-12-14")


def test_messages_of_a_stage_change_and_of_a_freeze_are_scheduled_not_held(acme, alice):
    job, _people = staff_job(acme, alice)
    announce(acme, alice, job)
    assert set(PersonalMessage.objects.values_list("status", flat=True)) == {
        MessageStatus.SCHEDULED
    }
