"""Remote onboarding: the organisation's template, buddy volunteers, and each new hire's track.

A track is one `Pairing` per step of the template (the pairing's `round` is empty): week 1 a
buddy, week 2 a teammate, weeks 3 and 4 people from teams that matter to the role, week 5 a
leader (the default; organisers edit steps, weeks and who qualifies).

Who qualifies for a step (a step's teams and tags, when set, narrow every kind further):

* buddy: an active buddy volunteer with room left (capacity minus their current tracks).
  All new hires planned together get their buddies from one `bipartite_assignment`, so
  capacity holds and the best fits win; a buddy from another team is preferred.
* teammate: someone in the new hire's team.
* other team: someone in one of the step's teams; without teams, someone in another team
  of the same department, else anyone in another team.
* leader: someone with one of the step's tags; without tags, someone who manages others.
  Never the new hire's own manager: they meet anyway, the step is about a wider view.

Nobody is ever paired with their own manager, another new hire, someone blocked, someone
without a shared language or an hour of overlapping working hours, or someone away for the
whole week of the step (`hallway.absences`: out of office, holidays, days off, a pause); the
suggested slot falls on a day neither of them is away. Among the qualifying
people the engine's pair score decides, divided by how many new hires each already meets,
so the same few people are not picked for everyone. A step nobody qualifies for is kept on
the track as `unfilled` with a reason code (see `onboarding/reasons.py`), never dropped;
an organiser may then choose the buddy by hand (`onboarding_buddy_choose`).
"""

import datetime
import math
import zoneinfo
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hallway.absences.selectors import AbsenceCalendar
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee.interface import (
    Pairing,
    PairingMember,
    blocked_pairs,
    engine_participant,
    organisation_history,
)
from hallway.core.timezones import organisation_today
from hallway.engine.matching import bipartite_assignment
from hallway.engine.model import Participant, Preferences, Rules, Slot
from hallway.engine.scoring import History, PairScore, score_pair
from hallway.engine.slots import next_slots
from hallway.messaging.video import video_room_url
from hallway.onboarding.models import (
    BuddyVolunteer,
    OnboardingMeeting,
    OnboardingStep,
    OnboardingTemplate,
    OnboardingTrack,
    StepKind,
)
from hallway.onboarding.reasons import CHOSEN_BY_HAND
from hallway.onboarding.selectors import people_due_for_track, step_dates
from hallway.onboarding.services.setup import (
    onboarding_template_default,
    onboarding_template_of,
)
from hallway.people.models import Person, PersonStatus
from hallway.people.selectors import NEW_HIRE_WEEKS_BACK, new_hire_window

MEETING_MINUTES = 30
MIN_OVERLAP_MINUTES = 60

# Why a step has nobody (the texts live in onboarding/reasons.py).
NO_BUDDY_VOLUNTEERS = "no_buddy_volunteers"
NO_BUDDY_CAPACITY = "no_buddy_capacity"
NO_TEAM = "no_team"
NO_QUALIFYING_PERSON = "no_qualifying_person"
NO_SUITABLE_PERSON = "no_suitable_person"


def buddy_load(*, organisation: Organisation, today: datetime.date) -> dict[int, int]:
    """How many current new hires each buddy has (person id → tracks)."""
    rows = (
        scoped(OnboardingTrack, organisation)
        .filter(buddy__isnull=False, completed_at__isnull=True)
        .filter(start_date__gte=today - datetime.timedelta(weeks=NEW_HIRE_WEEKS_BACK))
        .values("buddy_id")
        .annotate(n=Count("id"))
    )
    return {row["buddy_id"]: row["n"] for row in rows}


def onboarding_track_plan(*, person: Person, now: datetime.datetime) -> OnboardingTrack:
    """Plan one new hire's track now (their existing track is returned unchanged)."""
    existing = OnboardingTrack.objects.filter(person=person).first()
    if existing is not None:
        return existing
    if person.start_date is None:
        raise ValueError("A track needs a start date.")
    template = onboarding_template_default(organisation=person.organisation)
    return _plan(template=template, hires=[person], now=now)[0]


def onboarding_plan_due(
    *, organisation: Organisation, now: datetime.datetime, automatic: bool = False
) -> list[OnboardingTrack]:
    """Give a track to everyone who starts within the template's lead time and has none.

    People who started longer ago than the new-hire window are left alone. Nothing happens
    without a template (an organiser sets onboarding up first). Idempotent: a
    person has at most one track (a database constraint), and a second run finds nobody.
    The daily job passes `automatic=True` and then skips an inactive template; an organiser
    asking for it by hand gets the tracks planned anyway.
    """
    template = onboarding_template_of(organisation)
    if template is None or (automatic and not template.active):
        return []
    today = organisation_today(organisation, now)
    hires = list(people_due_for_track(template=template, today=today))
    if not hires:
        return []
    return _plan(template=template, hires=hires, now=now)


def onboarding_tracks_complete(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Mark tracks whose last meeting date has passed as completed (frees their buddy)."""
    today = organisation_today(organisation, now)
    done = (
        scoped(OnboardingTrack, organisation)
        .filter(completed_at__isnull=True)
        .exclude(meetings__pairing__due_on__gte=today)
        .filter(Q(meetings__isnull=False) | Q(start_date__lt=today))
    )
    return (
        scoped(OnboardingTrack, organisation)
        .filter(pk__in=done.values("pk"))
        .update(completed_at=now)
    )


# --- planning ----------------------------------------------------------------------------


@dataclass
class _Pool:
    """Everyone who could meet a new hire, mapped for the engine once."""

    people: dict[int, Person]
    participants: dict[int, Participant]
    interests: dict[int, set[int]]  # person id → tag ids
    managers: set[int]  # people who manage someone
    load: Counter[int]  # onboarding meetings already ahead of each person
    history: History
    forbid: frozenset[frozenset[str]]
    absences: AbsenceCalendar


#: Weeks ahead the absences are read for (a template's steps rarely go past week 12).
ABSENCE_WEEKS = 26
#: Slots tried for a step's meeting until one falls on a day neither person is away.
SLOT_TRIES = 10


def _pool(organisation: Organisation, hires: Sequence[Person], today: datetime.date) -> _Pool:
    hire_ids = [h.pk for h in hires]
    everyone = list(
        scoped(Person, organisation)
        .exclude(status=PersonStatus.LEFT)
        .select_related("team", "location")
        .prefetch_related("interests")
    )
    people = {p.pk: p for p in everyone}
    for hire in hires:
        people.setdefault(hire.pk, hire)
    interests = {p.pk: {t.pk for t in p.interests.all()} for p in everyone}
    participants = {
        pk: engine_participant(p, [t.name for t in p.interests.all()]) for pk, p in people.items()
    }
    managers = set(
        scoped(Person, organisation)
        .filter(manager__isnull=False)
        .values_list("manager_id", flat=True)
        .distinct()
    )
    load: Counter[int] = Counter(
        {
            row["person_id"]: row["n"]
            for row in scoped(PairingMember, organisation)
            .filter(pairing__onboarding_meeting__isnull=False, pairing__due_on__gte=today)
            .values("person_id")
            .annotate(n=Count("id"))
        }
    )
    history = History.from_meetings(
        organisation_history(organisation=organisation, before=today, person_ids=hire_ids)
    )
    forbid = frozenset(blocked_pairs(organisation_id=organisation.pk))
    starts = [hire.start_date for hire in hires if hire.start_date] or [today]
    absences = AbsenceCalendar(
        organisation=organisation,
        first=min([today, *starts]) - datetime.timedelta(days=1),
        last=max([today, *starts]) + datetime.timedelta(weeks=ABSENCE_WEEKS),
    )
    return _Pool(people, participants, interests, managers, load, history, forbid, absences)


def _away(pool: _Pool, person: Person, begins: datetime.date, due_on: datetime.date) -> bool:
    """Away for the whole of a step's week (a week past what was read counts as there)."""
    if due_on > pool.absences.last:
        return False
    return pool.absences.away_throughout(person, begins, due_on) is not None


def _step_rules(kind: str, forbid: frozenset[frozenset[str]]) -> Rules:
    if kind == StepKind.TEAMMATE:
        prefer = Preferences(different_team=0.0, different_department=0.0)
    else:
        prefer = Preferences()
    return Rules(
        avoid_repeat_days=0,
        prefer=prefer,
        require_shared_language=True,
        min_overlap_minutes=MIN_OVERLAP_MINUTES,
        forbid=forbid,
        never_with_manager=True,
        meeting_minutes=MEETING_MINUTES,
    )


def _score(pool: _Pool, hire: int, partner: int, kind: str, day: datetime.date) -> PairScore | None:
    """The engine's score of a new hire and someone for a step of this kind (None: not allowed)."""
    return score_pair(
        pool.participants[hire],
        pool.participants[partner],
        rules=_step_rules(kind, pool.forbid),
        history=pool.history,
        today=day,
    )


def _candidates(
    step: OnboardingStep, hire: Person, pool: _Pool, excluded: set[int], today: datetime.date
) -> tuple[list[int], str]:
    """Who qualifies for this step of this hire's track, or (empty, reason)."""
    first, _last = new_hire_window(today)
    teams = {t.pk for t in step.qualifying_teams.all()}
    tags = {t.pk for t in step.qualifying_tags.all()}
    begins, due_on = step_dates(hire.start_date or today, step.week, today)

    def eligible(p: Person) -> bool:
        return (
            p.pk != hire.pk
            and p.pk not in excluded
            and p.pk != hire.manager_id
            and p.status == PersonStatus.ACTIVE
            and not (p.start_date and p.start_date >= first)
            and (not teams or p.team_id in teams)
            and (not tags or bool(pool.interests.get(p.pk, set()) & tags))
            and not _away(pool, p, begins, due_on)
        )

    people = [p for p in pool.people.values() if eligible(p)]
    if step.kind == StepKind.TEAMMATE:
        if hire.team_id is None:
            return [], NO_TEAM
        found = [p.pk for p in people if p.team_id == hire.team_id]
    elif step.kind == StepKind.OTHER_TEAM:
        others = [p for p in people if p.team_id is not None and p.team_id != hire.team_id]
        if not teams:
            department = pool.participants[hire.pk].department
            same = [
                p for p in others if department and pool.participants[p.pk].department == department
            ]
            others = same or others
        found = [p.pk for p in others]
    elif step.kind == StepKind.LEADER:
        found = [p.pk for p in people if tags or p.pk in pool.managers]
    else:
        found = [p.pk for p in people]
    return found, ("" if found else NO_QUALIFYING_PERSON)


def _buddy_weights(
    hires: Sequence[Person],
    volunteers: Sequence[int],
    step: OnboardingStep,
    pool: _Pool,
    excluded: set[int],
    today: datetime.date,
) -> np.ndarray:
    weights = np.full((len(hires), len(volunteers)), np.nan)
    for i, hire in enumerate(hires):
        allowed, _reason = _candidates(step, hire, pool, excluded, today)
        allowed_set = set(allowed)
        day, _due_on = step_dates(hire.start_date or today, step.week, today)
        for j, pk in enumerate(volunteers):
            if pk not in allowed_set:
                continue
            score = _score(pool, hire.pk, pk, StepKind.BUDDY, day)
            if score is not None:
                weights[i, j] = score.weight
    return weights


def _plan(
    *, template: OnboardingTemplate, hires: Sequence[Person], now: datetime.datetime
) -> list[OnboardingTrack]:
    organisation = template.organisation
    today = organisation_today(organisation, now)
    steps = list(template.steps.prefetch_related("qualifying_teams", "qualifying_tags"))
    pool = _pool(organisation, hires, today)
    buddies = _assign_buddies(organisation, hires, steps, pool, set(), today)

    with transaction.atomic():
        tracks = []
        for hire in hires:
            track = OnboardingTrack.objects.create(
                organisation=organisation,
                person=hire,
                template=template,
                start_date=hire.start_date or today,
                buddy_id=buddies.get(hire.pk, (None, ""))[0],
                created_at=now,
            )
            track.unfilled = _fill(track, hire, steps, pool, buddies, set(), today, now)
            if track.unfilled:
                track.save(update_fields=["unfilled"])
            tracks.append(track)
    return tracks


def _fill(
    track: OnboardingTrack,
    hire: Person,
    steps: Sequence[OnboardingStep],
    pool: _Pool,
    buddies: dict[int, tuple[int | None, str]],
    chosen: set[int],
    today: datetime.date,
    now: datetime.datetime,
) -> list[dict[str, object]]:
    """Give each step its meeting; return the steps nobody was found for, with the reason."""
    unfilled: list[dict[str, object]] = []
    for step in steps:
        if step.kind == StepKind.BUDDY:
            partner, reason = buddies.get(hire.pk, (None, NO_BUDDY_VOLUNTEERS))
            pick = None
            if partner is not None:
                day, _due_on = step_dates(track.start_date, step.week, today)
                pick = (partner, _score(pool, hire.pk, partner, step.kind, day))
        else:
            pick, reason = _pick(step, hire, pool, chosen, today, track.start_date)
        if pick is None:
            unfilled.append({"step": step.pk, "reason": reason})
            continue
        partner_id, found = pick
        chosen.add(partner_id)
        pool.load[partner_id] += 1
        _pairing_create(
            track=track,
            step=step,
            hire=hire,
            partner=pool.people[partner_id],
            pool=pool,
            reasons=list(found.reasons) if found else [],
            weight=found.weight if found else 0.0,
            today=today,
            now=now,
        )
    return unfilled


@transaction.atomic
def onboarding_track_fill(*, track: OnboardingTrack, now: datetime.datetime) -> OnboardingTrack:
    """Try the track's unfilled steps again (say, a buddy has room now); keep what still is not."""
    if not track.unfilled:
        return track
    track = OnboardingTrack.objects.select_for_update().select_related("person").get(pk=track.pk)
    organisation = track.person.organisation
    today = organisation_today(organisation, now)
    wanted = [gap.get("step") for gap in track.unfilled]
    steps = list(
        scoped(OnboardingStep, organisation)
        .filter(pk__in=wanted, template_id=track.template_id)
        .prefetch_related("qualifying_teams", "qualifying_tags")
    )
    hire = track.person
    pool = _pool(organisation, [hire], today)
    met_already = set(
        PairingMember.objects.filter(pairing__onboarding_meeting__track=track)
        .exclude(person=hire)
        .values_list("person_id", flat=True)
    )
    buddies = _assign_buddies(organisation, [hire], steps, pool, met_already, today)
    track.unfilled = _fill(track, hire, steps, pool, buddies, met_already, today, now)
    buddy = buddies.get(hire.pk, (None, ""))[0]
    if buddy is not None and track.buddy_id is None:
        track.buddy_id = buddy
    track.save(update_fields=["unfilled", "buddy"])
    return track


def _assign_buddies(
    organisation: Organisation,
    hires: Sequence[Person],
    steps: Sequence[OnboardingStep],
    pool: _Pool,
    excluded: set[int],
    today: datetime.date,
) -> dict[int, tuple[int | None, str]]:
    """Each hire's buddy (person id) or (None, reason), from one bipartite assignment.

    Nobody in `excluded` (say, people the track already has) is a candidate.
    """
    step = next((s for s in steps if s.kind == StepKind.BUDDY), None)
    if step is None:
        return {}
    volunteers = list(
        scoped(BuddyVolunteer, organisation)
        .filter(active=True)
        .values_list("person_id", "capacity")
        .order_by("person_id")
    )
    if not volunteers:
        return {hire.pk: (None, NO_BUDDY_VOLUNTEERS) for hire in hires}
    load = buddy_load(organisation=organisation, today=today)
    ids = [pk for pk, _cap in volunteers if pk in pool.people]
    capacities = [max(cap - load.get(pk, 0), 0) for pk, cap in volunteers if pk in pool.people]
    weights = _buddy_weights(hires, ids, step, pool, excluded, today)
    assigned = dict(bipartite_assignment(len(hires), len(ids), capacities, weights))
    result: dict[int, tuple[int | None, str]] = {}
    for i, hire in enumerate(hires):
        if i in assigned:
            result[hire.pk] = (ids[assigned[i]], "")
        elif np.all(np.isnan(weights[i])):
            result[hire.pk] = (None, NO_SUITABLE_PERSON)  # no volunteer fits this new hire
        else:
            result[hire.pk] = (None, NO_BUDDY_CAPACITY)  # the fitting ones are all full
    return result


def _pick(
    step: OnboardingStep,
    hire: Person,
    pool: _Pool,
    chosen: set[int],
    today: datetime.date,
    start: datetime.date,
) -> tuple[tuple[int, PairScore | None] | None, str]:
    candidates, reason = _candidates(step, hire, pool, chosen, today)
    if not candidates:
        return None, reason
    day, _due_on = step_dates(start, step.week, today)
    best = None
    best_value = -1.0
    for pk in candidates:
        score = _score(pool, hire.pk, pk, step.kind, day)
        if score is None:
            continue
        # Spread the load: each new hire someone already meets halves their appeal.
        value = score.weight / (1 + pool.load[pk])
        if value > best_value or (value == best_value and best is not None and pk < best[0]):
            best, best_value = (pk, score), value
    if best is None:
        return None, NO_SUITABLE_PERSON
    return best, ""


def _pairing_create(
    *,
    track: OnboardingTrack,
    step: OnboardingStep,
    hire: Person,
    partner: Person,
    pool: _Pool,
    reasons: list[str],
    weight: float,
    today: datetime.date,
    now: datetime.datetime,
) -> Pairing:
    begins, due_on = step_dates(track.start_date, step.week, today)
    members = [pool.participants[hire.pk], pool.participants[partner.pk]]
    # From the first moment of that week where the new hire lives, never in the past, and
    # by the end of its due date.
    zone = zoneinfo.ZoneInfo(hire.timezone)
    week_start = max(now, datetime.datetime.combine(begins, datetime.time(0), tzinfo=zone))
    week_end = datetime.datetime.combine(
        due_on + datetime.timedelta(days=1), datetime.time(0), tzinfo=zone
    )
    days = math.ceil((week_end - week_start) / datetime.timedelta(days=1))
    found = next_slots(
        members, now=week_start, days=days, minutes=MEETING_MINUTES, count=SLOT_TRIES
    )

    def usable(slot: Slot) -> bool:
        if slot.start >= week_end:
            return False
        if slot.start.date() >= pool.absences.last:
            return True  # beyond the absences read; only a step half a year out gets here
        return all(pool.absences.free_at(person, slot.start) for person in (hire, partner))

    slots = tuple(slot for slot in found if usable(slot))
    organisation = track.organisation
    pairing = Pairing.objects.create(
        organisation=organisation,
        score=weight,
        reasons=reasons,
        due_on=due_on,
        slot_start=slots[0].start if slots else None,
        slot_end=slots[0].end if slots else None,
        video_url=video_room_url(
            organisation=organisation, meeting_key=f"onboarding-{track.pk}-{step.pk}"
        ),
        created_at=now,
    )
    PairingMember.objects.bulk_create(
        PairingMember(organisation=organisation, pairing=pairing, person=person)
        for person in (hire, partner)
    )
    OnboardingMeeting.objects.create(
        organisation=organisation, track=track, step=step, pairing=pairing
    )
    return pairing


@transaction.atomic
def onboarding_buddy_choose(
    *, track: OnboardingTrack, buddy: Person, now: datetime.datetime
) -> OnboardingTrack:
    """An organiser's own choice of buddy for a track whose buddy step found nobody (say,
    every buddy is at their limit). Stored as an engine pick is: the track's buddy and the
    step's meeting, whose reason says it was chosen by hand; the buddy's limit does not
    stop it. Bad choices raise ValidationError and change nothing."""
    track = OnboardingTrack.objects.select_for_update().select_related("person").get(pk=track.pk)
    hire = track.person
    steps = scoped(OnboardingStep, track.organisation).filter(
        template_id=track.template_id, kind=StepKind.BUDDY
    )
    gaps = {gap.get("step"): gap for gap in track.unfilled}
    step = steps.filter(pk__in=list(gaps)).order_by("order", "id").first()
    if step is None:
        raise ValidationError({"buddy": _("This new hire has a buddy already.")})
    if (
        buddy.organisation_id != track.organisation_id
        or buddy.pk == hire.pk
        or buddy.status == PersonStatus.LEFT
    ):
        raise ValidationError({"buddy": _("Choose someone else in the organisation.")})
    if buddy.pk == hire.manager_id:
        raise ValidationError(
            {"buddy": _("Their manager meets them anyway; a buddy is someone else.")}
        )
    today = organisation_today(track.organisation, now)
    pool = _pool(track.organisation, [hire], today)
    _pairing_create(
        track=track,
        step=step,
        hire=hire,
        partner=buddy,
        pool=pool,
        reasons=[CHOSEN_BY_HAND],
        weight=0.0,
        today=today,
        now=now,
    )
    track.buddy = buddy
    track.unfilled = [gap for gap in track.unfilled if gap is not gaps[step.pk]]
    track.save(update_fields=["buddy", "unfilled"])
    return track
