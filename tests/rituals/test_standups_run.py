"""standups_run_due: each person asked at their own 09:00, away people marked with the
reason, one reminder, one digest per zone group, and nothing twice."""

import datetime

from hallway.absences.models import Holiday, OutOfOffice
from hallway.messaging.models import OutboxMessage
from hallway.people.models import PersonStatus
from hallway.rituals.models import CheckIn, CheckInStatus, Digest
from hallway.rituals.services.due import rituals_run_due
from hallway.rituals.services.standups import checkin_answer
from hallway.rituals.services.standups_run import standups_run_due
from tests.factories import make_location, make_person
from tests.rituals.standup_helpers import MONDAY, at, make_standup, team_across_zones


def _asks(acme, person=None):
    rows = OutboxMessage.objects.filter(organisation=acme, template="rituals_standup_ask")
    if person is not None:
        rows = rows.filter(person=person)
    return rows


def test_berlin_and_sao_paulo_are_each_asked_at_nine_their_time(acme):
    team, carol, bruna = team_across_zones(acme)
    make_standup(acme, team=team)

    standups_run_due(organisation=acme, now=at(MONDAY, 7, 59))
    assert not _asks(acme).exists()

    report = standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))  # 09:00 in Berlin
    assert report.asked == 1
    assert _asks(acme, carol).count() == 1
    assert not _asks(acme, bruna).exists()

    standups_run_due(organisation=acme, now=at(MONDAY, 11, 55))  # 08:55 in São Paulo
    assert not _asks(acme, bruna).exists()
    standups_run_due(organisation=acme, now=at(MONDAY, 12, 0))  # 09:00 in São Paulo
    assert _asks(acme, bruna).count() == 1
    ask = _asks(acme, bruna).get()
    assert ask.timezone == "America/Sao_Paulo"
    assert "/en/standup_answer/" in ask.context["answer_url"]


def test_running_twice_asks_nobody_twice(acme):
    team, carol, _bruna = team_across_zones(acme)
    make_standup(acme, team=team)
    first = rituals_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    second = rituals_run_due(organisation=acme, now=at(MONDAY, 8, 5))
    assert first.standups.asked == 1
    assert second.standups.asked == 0
    assert _asks(acme).count() == 1
    assert CheckIn.objects.filter(person=carol).count() == 1


def test_nobody_is_asked_on_holiday_out_of_office_paused_or_a_day_off(acme):
    team, _carol, _bruna = team_across_zones(acme)
    cologne = make_location(acme, "Cologne", timezone="Europe/Berlin")
    emil = make_person(acme, "Emil Weber", team=team, location=cologne)
    dana = make_person(acme, "Dana Dietrich", team=team)
    paul = make_person(
        acme,
        "Paul Paused",
        team=team,
        status=PersonStatus.PAUSED,
        paused_until=MONDAY + datetime.timedelta(days=7),
    )
    frida = make_person(acme, "Frida Fourday", team=team, working_days=[2, 3, 4, 5])
    Holiday.objects.create(organisation=acme, date=MONDAY, name="Rosenmontag", location=cologne)
    OutOfOffice.objects.create(organisation=acme, person=dana, first_day=MONDAY, last_day=MONDAY)
    make_standup(acme, team=team)

    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))

    assert list(_asks(acme).values_list("person__name", flat=True)) == ["Carol Meyer"]
    rows = {c.person_id: c for c in CheckIn.objects.all()}
    assert rows[emil.pk].status == CheckInStatus.AWAY
    assert rows[emil.pk].away_reason == "local_holiday"
    assert rows[emil.pk].away_detail == "Rosenmontag"
    assert rows[dana.pk].away_reason == "out_of_office"
    assert rows[paul.pk].away_reason == "paused"
    assert frida.pk not in rows  # Monday is not one of her working days: not part of it


def test_one_reminder_only(acme):
    team, carol, _bruna = team_across_zones(acme)
    make_standup(acme, team=team, reminder_minutes=60)
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 55))
    reminders = OutboxMessage.objects.filter(template="rituals_standup_reminder")
    assert not reminders.exists()
    assert standups_run_due(organisation=acme, now=at(MONDAY, 9, 0)).reminded == 1
    assert standups_run_due(organisation=acme, now=at(MONDAY, 9, 5)).reminded == 0
    standups_run_due(organisation=acme, now=at(MONDAY, 10, 0))
    assert reminders.filter(person=carol).count() == 1


def test_nobody_who_answered_is_reminded(acme):
    team, carol, _bruna = team_across_zones(acme)
    make_standup(acme, team=team, reminder_minutes=60)
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    checkin = CheckIn.objects.get(person=carol)
    checkin_answer(
        checkin=checkin,
        yesterday="Reviews",
        today="Import",
        blockers="none",
        mood=4,
        now=at(MONDAY, 8, 30),
    )
    standups_run_due(organisation=acme, now=at(MONDAY, 9, 30))
    assert not OutboxMessage.objects.filter(template="rituals_standup_reminder").exists()


def test_digest_per_zone_group_lists_answers_and_away_apart_from_missing(acme):
    team, carol, bruna = team_across_zones(acme)
    dana = make_person(acme, "Dana Dietrich", team=team)
    make_person(acme, "Nils Nobody", team=team)
    OutOfOffice.objects.create(organisation=acme, person=dana, first_day=MONDAY, last_day=MONDAY)
    make_standup(acme, team=team, cutoff_minutes=180)

    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    assert Digest.objects.count() == 2  # Berlin at 08:00 UTC, São Paulo at 12:00 UTC
    checkin_answer(
        checkin=CheckIn.objects.get(person=carol),
        yesterday="Reviewed the billing migration",
        today="Pairing on the import",
        blockers="Waiting for staging credentials",
        mood=4,
        now=at(MONDAY, 8, 30),
    )
    standups_run_due(organisation=acme, now=at(MONDAY, 10, 59))
    assert not OutboxMessage.objects.filter(template="rituals_standup_digest").exists()

    report = standups_run_due(organisation=acme, now=at(MONDAY, 11, 0))  # Berlin's cut-off
    assert report.digests == 1
    digests = OutboxMessage.objects.filter(template="rituals_standup_digest")
    # By email to each person of the group who is not away (São Paulo waits for its own).
    assert sorted(digests.values_list("person__name", flat=True)) == ["Carol Meyer", "Nils Nobody"]
    context = digests.first().context
    assert [a["name"] for a in context["answers"]] == ["Carol Meyer"]
    assert context["blockers"][0]["blockers"] == "Waiting for staging credentials"
    assert context["away"] == [{"name": "Dana Dietrich", "reason": "out_of_office", "detail": ""}]
    assert context["missing"] == ["Nils Nobody"]
    assert context["mood_average"] == ""  # one answer: nobody's mood is shown
    assert "Bruna Costa" not in str(context)

    assert standups_run_due(organisation=acme, now=at(MONDAY, 11, 5)).digests == 0
    standups_run_due(organisation=acme, now=at(MONDAY, 12, 0))  # São Paulo is asked
    assert standups_run_due(organisation=acme, now=at(MONDAY, 15, 0)).digests == 1
    assert digests.filter(person=bruna).count() == 1
    assert digests.count() == 3


def test_digest_to_a_chat_channel_in_the_organisations_language(acme):
    from hallway.messaging.models import Channel

    team, _carol, _bruna = team_across_zones(acme)
    slack = Channel.objects.create(organisation=acme, name="Slack", kind="slack")
    make_standup(acme, team=team, digest_channel=slack, digest_address="C0TEAM")
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    standups_run_due(organisation=acme, now=at(MONDAY, 11, 0))
    digest = OutboxMessage.objects.get(template="rituals_standup_digest")
    assert digest.address == "C0TEAM"
    assert digest.via == slack
    assert digest.context["missing"] == ["Carol Meyer"]


def test_weekend_makes_no_date(acme):
    team, _carol, _bruna = team_across_zones(acme)
    standup = make_standup(acme, team=team)
    saturday = MONDAY + datetime.timedelta(days=5)
    standups_run_due(organisation=acme, now=at(saturday, 8, 0))
    standups_run_due(organisation=acme, now=at(saturday, 12, 0))
    assert not standup.occurrences.exists()


def test_weekly_rule_asks_on_its_day_only(acme):
    team, carol, _bruna = team_across_zones(acme)
    make_standup(acme, team=team, rule="FREQ=WEEKLY;BYDAY=TU")
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    assert not _asks(acme).exists()
    standups_run_due(organisation=acme, now=at(MONDAY + datetime.timedelta(days=1), 8, 0))
    assert _asks(acme, carol).count() == 1


def test_summer_time_moves_the_utc_moment_not_the_local_one(acme):
    team, carol, _bruna = team_across_zones(acme)
    make_standup(acme, team=team)
    june = datetime.date(2027, 6, 1)
    standups_run_due(organisation=acme, now=at(june, 7, 0))  # 09:00 CEST
    assert _asks(acme, carol).count() == 1


def test_the_worker_runs_the_rituals_and_the_wins_digest():
    """`hallway worker` asks, reminds and sends digests by itself: run-due every five
    minutes (stand-ups and pulses), the wins by email every hour."""
    from hallway.core.scheduler import Every, registry

    registry.autodiscover()
    jobs = {job.name: job for job in registry.jobs()}
    assert jobs["rituals.run_due"].schedule == Every(minutes=5)
    assert jobs["rituals.run_due"].task.module_path == "hallway.rituals.tasks.rituals_due"
    assert jobs["rituals.gong_digest"].schedule == Every(hours=1)


def test_the_periodic_job_asks_for_stand_ups_and_pulses(acme):
    """The job runs `rituals_run_due` for every organisation: a stand-up's question and a
    pulse's question both go out from one run."""
    import time_machine

    from hallway.rituals.models import Pulse
    from hallway.rituals.services.pulse import pulse_save
    from hallway.rituals.tasks import rituals_due

    team, _carol, _bruna = team_across_zones(acme)
    make_standup(acme, team=team)
    pulse_save(
        pulse=Pulse(
            organisation=acme, name="Pulse", starts_on=MONDAY, weekday=1, circle_kind="everyone"
        )
    )
    # 10:30 in Berlin: Carol's stand-up question (09:00) and pulse (10:00) are both due.
    with time_machine.travel(at(MONDAY, 9, 30), tick=False):
        queued = rituals_due.call()
    assert queued >= 2
    keys = list(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert any(key.startswith("rituals:standup") for key in keys), keys
    assert any(key.startswith("pulse:") for key in keys), keys
