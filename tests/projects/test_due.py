"""What happens over time in a client project: the agenda of each meeting the day before
with the opener of its week, "did you meet?" after a 1:1 (and not yet after two weeks of
silence), and series sent again before their year of holidays runs short. Every run is
safe to repeat."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from hallway.absences.models import OutOfOffice
from hallway.messaging.models import OutboxMessage
from hallway.messaging.rendering import message_render, outbox_render
from hallway.messaging.types import message_type_get
from hallway.projects.models import OneOnOne, OneOnOneStatus, ProjectStatus, Side
from hallway.projects.openers import opener_of_week
from hallway.projects.selectors.coverage import MISSING, project_coverage
from hallway.projects.services.due import projects_run_due
from hallway.projects.services.one_on_ones import one_on_one_answer
from hallway.projects.services.roster import RoleFields, roster_add
from hallway.projects.services.series import series_create
from hallway.projects.tasks import projects_due
from tests.factories import make_contact
from tests.projects.test_series import NOW, weekly

UTC = datetime.UTC
# Thursday 5 November 2026, 16:00 in Berlin: the series' first meeting.
FIRST = datetime.datetime(2026, 11, 5, 15, 0, tzinfo=UTC)
DAY_BEFORE = FIRST - datetime.timedelta(hours=23)


def agendas(series, day=None):
    prefix = f"projects:series-{series.pk}:agenda-"
    found = OutboxMessage.objects.filter(
        message_type="projects_series_agenda", idempotency_key__startswith=prefix
    )
    if day is not None:
        found = found.filter(idempotency_key__startswith=f"{prefix}{day.isoformat()}:")
    return found


@pytest.fixture
def series(project, roster, alice):
    return series_create(project=project, values=weekly(language="de"), by=alice, now=NOW)


def test_the_agenda_the_day_before_leads_with_the_weeks_opener(acme, series, roster):
    ours, theirs = roster
    too_early = FIRST - datetime.timedelta(hours=25)
    assert projects_run_due(organisation=acme, now=too_early).agendas == 0

    report = projects_run_due(organisation=acme, now=DAY_BEFORE)
    assert report.agendas == len(ours) + len(theirs)
    assert report.queued == report.agendas
    megan = theirs[0]
    message = agendas(series).get(address=megan.email)
    assert message.idempotency_key == (
        f"projects:series-{series.pk}:agenda-2026-11-05:member-{megan.pk}"
    )
    assert message.expires_at == FIRST
    # The opener is said aloud in the meeting's language, whoever reads the agenda.
    opener = opener_of_week("de", datetime.date(2026, 11, 5), salt=series.pk)
    assert message.context["opener"] == opener
    rendered = outbox_render(message)
    assert f"1. A few minutes of small talk first: {opener}" in rendered.text
    assert "2. Checkout: open questions" in rendered.text
    assert "3. Launch plan" in rendered.text
    assert series.video_url in rendered.text
    # 16:00 in Berlin, for Megan in New York: 10:00 her time.
    assert message.timezone == "America/New_York"
    assert "Thursday 5 November 2026, 10:00–10:45 (America/New_York)" in rendered.text
    assert rendered.subject.startswith("Agenda: Weekly with Lakeshore")

    # The same moment again, or a quarter of an hour later: nothing new.
    assert projects_run_due(organisation=acme, now=DAY_BEFORE).queued == 0
    later = DAY_BEFORE + datetime.timedelta(minutes=15)
    assert projects_run_due(organisation=acme, now=later).queued == 0

    # The next week brings the next opener.
    next_week = DAY_BEFORE + datetime.timedelta(days=7)
    assert projects_run_due(organisation=acme, now=next_week).agendas == len(ours) + len(theirs)
    following = agendas(series, datetime.date(2026, 11, 12)).get(address=megan.email)
    assert following.context["opener"] == opener_of_week(
        "de", datetime.date(2026, 11, 12), salt=series.pk
    )
    assert following.context["opener"] != opener


def test_no_agenda_on_a_holiday_left_out_nor_for_someone_away(acme, series, roster):
    ours, theirs = roster
    thanksgiving_eve = datetime.datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
    assert projects_run_due(organisation=acme, now=thanksgiving_eve).agendas == 0
    assert not agendas(series).exists()

    OutOfOffice.objects.create(
        organisation=acme,
        person=ours[0].person,
        first_day=datetime.date(2026, 11, 5),
        last_day=datetime.date(2026, 11, 6),
    )
    assert (
        projects_run_due(organisation=acme, now=DAY_BEFORE).agendas == len(ours) + len(theirs) - 1
    )
    assert not agendas(series).filter(address=ours[0].email).exists()


def test_the_agenda_is_in_the_readers_language_with_the_meetings_opener(
    acme, project, series, client_company
):
    dutch = roster_add(
        project=project,
        side=Side.CLIENT,
        contact=make_contact(
            acme, "Joost Mulder", company=client_company, language="nl", timezone="Europe/Amsterdam"
        ),
        values=RoleFields(role="Logistics"),
        joined_on=datetime.date(2026, 11, 1),
    )
    projects_run_due(organisation=acme, now=DAY_BEFORE)
    message = agendas(series).get(address=dutch.email)
    assert (message.language, message.timezone) == ("nl", "Europe/Amsterdam")
    assert message.context["opener"] == opener_of_week(
        "de", datetime.date(2026, 11, 5), salt=series.pk
    )


def test_a_paused_project_sends_no_agenda(acme, project, series):
    project.status = ProjectStatus.PAUSED
    project.save()
    assert projects_run_due(organisation=acme, now=DAY_BEFORE).queued == 0


def _one_on_one(project, ours, theirs, start):
    return OneOnOne.objects.create(
        organisation=project.organisation,
        project=project,
        ours=ours,
        theirs=theirs,
        start=start,
        end=start + datetime.timedelta(minutes=30),
        uid=f"test-{ours.pk}-{theirs.pk}@hallway",
        video_url="https://meet.jit.si/test",
    )


MET_AT = datetime.datetime(2026, 12, 8, 15, 0, tzinfo=UTC)


def followups(one_on_one):
    return OutboxMessage.objects.filter(
        message_type="projects_one_on_one_followup",
        idempotency_key__startswith=f"projects:1on1-{one_on_one.pk}:followup:",
    )


def test_did_you_meet_after_the_one_on_one_once(acme, project, roster):
    ours, theirs = roster
    one_on_one = _one_on_one(project, ours[0], theirs[0], MET_AT)
    end = one_on_one.end
    assert (
        projects_run_due(organisation=acme, now=end + datetime.timedelta(minutes=30)).followups == 0
    )

    after = end + datetime.timedelta(hours=1, minutes=5)
    assert projects_run_due(organisation=acme, now=after).followups == 2
    assert projects_run_due(organisation=acme, now=after).queued == 0
    to_megan = followups(one_on_one).get(address=theirs[0].email)
    assert to_megan.idempotency_key == (
        f"projects:1on1-{one_on_one.pk}:followup:member-{theirs[0].pk}"
    )
    assert set(to_megan.context["answers"]) == {"met", "not_yet", "declined"}
    text = outbox_render(to_megan).text
    assert f"Did your 1:1 with {ours[0].name} for the project US shop rollout" in text
    assert to_megan.context["answers"]["met"] in text
    # Days later, still unanswered: no second follow-up.
    assert projects_run_due(organisation=acme, now=after + datetime.timedelta(days=5)).queued == 0
    assert followups(one_on_one).count() == 2


def test_two_weeks_of_silence_count_as_not_yet_and_the_pair_is_missing_again(acme, project, roster):
    ours, theirs = roster
    silent = _one_on_one(project, ours[0], theirs[0], MET_AT)
    answered = _one_on_one(project, ours[1], theirs[0], MET_AT)
    projects_run_due(organisation=acme, now=MET_AT + datetime.timedelta(hours=2))
    one_on_one_answer(one_on_one=answered, answer="met", now=MET_AT + datetime.timedelta(hours=3))

    before = silent.end + datetime.timedelta(days=13)
    assert projects_run_due(organisation=acme, now=before).not_yet == 0
    later = silent.end + datetime.timedelta(days=14, minutes=1)
    report = projects_run_due(organisation=acme, now=later)
    assert (report.not_yet, report.queued) == (1, 0)
    silent.refresh_from_db()
    answered.refresh_from_db()
    assert (silent.status, silent.answered_at) == (OneOnOneStatus.NOT_YET, None)
    assert answered.status == OneOnOneStatus.MET
    coverage = project_coverage(project=project)
    assert coverage.cell(ours[0], theirs[0]).status == MISSING
    assert projects_run_due(organisation=acme, now=later).not_yet == 0


def series_invites(series, sequence):
    return OutboxMessage.objects.filter(
        message_type="projects_series",
        idempotency_key__startswith=f"projects:series-{series.pk}:seq-{sequence}:",
    )


def test_a_series_goes_out_again_before_its_year_of_holidays_runs_short(acme, series, roster):
    ours, theirs = roster
    attendees = len(ours) + len(theirs)
    first = series_invites(series, 0).first().context["calendar"]["exdates"]
    assert "2027-11-25T16:00" not in first  # Thanksgiving 2027: more than a year ahead
    assert series.invited_at == NOW

    # A month after the first meeting, not yet.
    early = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert projects_run_due(organisation=acme, now=early).reinvited_series == 0

    due = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    report = projects_run_due(organisation=acme, now=due)
    assert (report.reinvited_series, report.reinvitations) == (1, attendees)
    series.refresh_from_db()
    assert (series.sequence, series.invited_at) == (1, due)
    again = series_invites(series, 1)
    assert again.count() == attendees
    exdates = {tuple(m.context["calendar"]["exdates"]) for m in again}
    assert len(exdates) == 1  # everyone's calendar leaves out the same days
    assert "2027-11-25T16:00" in exdates.pop()

    assert projects_run_due(organisation=acme, now=due).queued == 0
    assert series_invites(series, 2).count() == 0

    # Another month on, no new Thursday holiday has come into the year ahead (mid-December
    # 2027 to mid-January 2028): the horizon moves on without a mail.
    quiet = datetime.datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
    assert projects_run_due(organisation=acme, now=quiet).reinvited_series == 0
    series.refresh_from_db()
    assert (series.sequence, series.invited_at) == (1, quiet)


def test_the_command_answers_json_and_the_job_runs_every_organisation(
    acme, series, roster, time_machine
):
    ours, theirs = roster
    time_machine.move_to(DAY_BEFORE)
    out = StringIO()
    call_command("project", "run-due", "--org", acme.slug, "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "agendas": len(ours) + len(theirs),
        "followups": 0,
        "not_yet": 0,
        "reinvited_series": 0,
        "reinvitations": 0,
    }
    assert projects_due.call() == 0  # all sent already


@pytest.mark.parametrize("name", ["projects_series_agenda", "projects_one_on_one_followup"])
def test_the_new_messages_preview_with_their_samples(name):
    kind = message_type_get(name)
    assert kind is not None
    for channel in ("email", "slack"):
        for language in ("en", "de", "nl"):
            result = message_render(
                template=name,
                channel=channel,
                language=language,
                timezone_name="America/New_York",
                context=kind.sample(),
            )
            assert result.text.strip()
            if channel == "email":
                assert result.subject.strip()


def test_the_series_page_shows_the_opener_of_the_coming_week(alice_client, series, time_machine):
    time_machine.move_to(DAY_BEFORE)
    html = alice_client.get(reverse("projects:series", args=[series.pk])).content.decode()
    opener = opener_of_week("de", datetime.date(2026, 11, 5), salt=series.pk)
    assert f'Small talk to open it: <q lang="de">{escape(opener)}</q>' in html
