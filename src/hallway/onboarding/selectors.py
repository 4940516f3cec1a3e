"""Reads for onboarding: each new hire's track with the state of every step.

A step is *met* when someone answered "we met"; *missed* when someone answered "we couldn't
make it", or "not yet" after the week was over; *no answer* when its week is over and
nobody answered; *planned* before that; *unfilled* when nobody could be found for it.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Membership, Organisation, Role, User
from hallway.accounts.tenancy import scoped
from hallway.coffee.interface import Outcome, Pairing, PairingMember
from hallway.onboarding.models import (
    BuddyVolunteer,
    OnboardingMeeting,
    OnboardingStep,
    OnboardingTemplate,
    OnboardingTrack,
    StepKind,
)
from hallway.onboarding.reasons import (
    buddy_room_text,
    meeting_reason_text,
    unfilled_reason_text,
)
from hallway.people.models import Person, PersonStatus
from hallway.people.selectors import new_hire_window

PLANNED = "planned"
MET = "met"
MISSED = "missed"
NO_ANSWER = "no_answer"
UNFILLED = "unfilled"
STATUSES = (MET, MISSED, NO_ANSWER, PLANNED, UNFILLED)
STATUS_LABELS = {
    PLANNED: _("planned"),
    MET: _("met"),
    MISSED: _("missed"),
    NO_ANSWER: _("no answer"),
    UNFILLED: _("nobody found"),
}


@dataclass
class StepProgress:
    kind: str
    week: int
    status: str
    due_on: datetime.date | None = None
    partner: Person | None = None
    slot_start: datetime.datetime | None = None
    video_url: str = ""
    note: str = ""  # why nobody was found, or that an organiser chose the partner

    @property
    def kind_label(self) -> str:
        return str(StepKind(self.kind).label) if self.kind in StepKind.values else self.kind

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class TrackProgress:
    track: OnboardingTrack
    steps: list[StepProgress] = field(default_factory=list)

    @property
    def person(self) -> Person:
        return self.track.person

    @property
    def counts(self) -> Counter[str]:
        return Counter(step.status for step in self.steps)

    @property
    def done(self) -> int:
        return self.counts[MET]

    @property
    def next_step(self) -> StepProgress | None:
        """What comes next: the first step still ahead (planned, or nobody found yet)."""
        return next((step for step in self.steps if step.status in (PLANNED, UNFILLED)), None)


STEP_DAYS = datetime.timedelta(days=6)  # a step's meeting is due six days after its week begins


def step_dates(
    start: datetime.date, week: int, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """When a step of a track starting on `start` begins and is due: its week of the track,
    or, for someone who started already, from today on (a week that is over gets no meeting)."""
    begins = max(start + datetime.timedelta(weeks=max(week, 1) - 1), today)
    return begins, begins + STEP_DAYS


def pairing_status(pairing: Pairing, *, today: datetime.date) -> str:
    """The state of one onboarding meeting, from its members' answers and its date."""
    outcomes = {member.outcome for member in pairing.members.all()}
    if Outcome.MET in outcomes:
        return MET
    over = pairing.due_on < today
    if Outcome.MISSED in outcomes or (over and Outcome.NOT_YET in outcomes):
        return MISSED
    return NO_ANSWER if over else PLANNED


def tracks_for_progress(*, organisation: Organisation) -> QuerySet[OnboardingTrack]:
    """Tracks with everything the progress needs, loaded in a fixed number of queries."""
    members = PairingMember.objects.select_related("person").order_by("id")
    meetings = (
        OnboardingMeeting.objects.select_related("step", "pairing")
        .prefetch_related(Prefetch("pairing__members", queryset=members))
        .order_by("pairing__due_on", "pairing_id")
    )
    return (
        scoped(OnboardingTrack, organisation)
        .select_related("person", "person__team", "person__manager", "buddy")
        .prefetch_related(Prefetch("meetings", queryset=meetings))
        .order_by("-start_date", "person__name", "id")
    )


def tracks_visible_to(
    *, organisation: Organisation, membership: Membership | None, user: User
) -> QuerySet[OnboardingTrack]:
    """The tracks (loaded for progress) a member may see: organisers every track, anyone
    else the tracks of the people who report to them, of the new hires they are buddy
    for, and their own."""
    tracks = tracks_for_progress(organisation=organisation)
    if membership is not None and membership.has_role(Role.ORGANISER):
        return tracks
    me = viewer_person(organisation=organisation, user=user)
    if me is None:
        return tracks.none()
    return tracks.filter(Q(person__manager=me) | Q(person=me) | Q(buddy=me))


def buddy_tracks(*, buddy: Person) -> QuerySet[OnboardingTrack]:
    """The running tracks of the new hires `buddy` looks after (loaded for progress)."""
    return (
        tracks_for_progress(organisation=buddy.organisation)
        .filter(buddy=buddy, completed_at__isnull=True)
        .order_by("start_date", "person__name", "id")
    )


def onboarding_progress(
    *, tracks: Iterable[OnboardingTrack], organisation: Organisation, today: datetime.date
) -> list[TrackProgress]:
    """Each track's steps in order, met/missed/planned, with the unfilled ones in place."""
    tracks = list(tracks)
    step_ids = {gap.get("step") for track in tracks for gap in track.unfilled}
    steps = {step.pk: step for step in scoped(OnboardingStep, organisation).filter(pk__in=step_ids)}
    result = []
    for track in tracks:
        entries: list[tuple[tuple[int, int], StepProgress]] = []
        for meeting in track.meetings.all():
            pairing, step = meeting.pairing, meeting.step
            partner = next(
                (m.person for m in pairing.members.all() if m.person_id != track.person_id), None
            )
            entries.append(
                (
                    (step.week if step else 0, step.order if step else 0),
                    StepProgress(
                        kind=step.kind if step else "",
                        week=step.week if step else 0,
                        status=pairing_status(pairing, today=today),
                        due_on=pairing.due_on,
                        partner=partner,
                        slot_start=pairing.slot_start,
                        video_url=pairing.video_url,
                        note=meeting_reason_text(pairing.reasons),
                    ),
                )
            )
        for gap in track.unfilled:
            found = steps.get(gap.get("step"))
            if found is None:
                continue  # the step was removed from the template since
            _begins, due_on = step_dates(track.start_date, found.week, today)
            entries.append(
                (
                    (found.week, found.order),
                    StepProgress(
                        kind=found.kind,
                        week=found.week,
                        status=UNFILLED,
                        due_on=due_on,
                        note=unfilled_reason_text(gap.get("reason", "")),
                    ),
                )
            )
        entries.sort(key=lambda entry: entry[0])
        result.append(TrackProgress(track=track, steps=[entry[1] for entry in entries]))
    return result


def people_due_for_track(*, template: OnboardingTemplate, today: datetime.date) -> QuerySet[Person]:
    """Who gets a track now: a start date within the template's lead time, not longer ago
    than the new-hire window, not left, and no track yet."""
    first, _last = new_hire_window(today)
    return (
        scoped(Person, template.organisation)
        .filter(
            start_date__gte=first,
            start_date__lte=today + datetime.timedelta(days=template.plan_days_ahead),
            onboarding_track__isnull=True,
        )
        .exclude(status=PersonStatus.LEFT)
        .order_by("start_date", "id")
    )


def viewer_person(*, organisation: Organisation, user: User) -> Person | None:
    """The directory entry of the signed-in user in this organisation, if any."""
    return scoped(Person, organisation).filter(user=user).first()


def buddy_volunteers(*, organisation: Organisation) -> QuerySet[BuddyVolunteer]:
    return (
        scoped(BuddyVolunteer, organisation)
        .select_related("person", "person__team")
        .order_by("-active", "person__name", "id")
    )


@dataclass(frozen=True)
class BuddyRoom:
    """How the active buddy volunteers stand right now, for an organiser choosing by hand."""

    volunteers: list[tuple[BuddyVolunteer, int]]  # each with their current new hires

    @property
    def full(self) -> list[BuddyVolunteer]:
        return [volunteer for volunteer, load in self.volunteers if load >= volunteer.capacity]

    @property
    def text(self) -> str:
        return buddy_room_text(
            volunteers=len(self.volunteers),
            full=len(self.full),
            limits=[volunteer.capacity for volunteer in self.full],
        )


def buddy_room(*, organisation: Organisation, load: dict[int, int]) -> BuddyRoom:
    """The active volunteers with their current new hires (`load`: person id → tracks)."""
    active = buddy_volunteers(organisation=organisation).filter(active=True)
    return BuddyRoom([(volunteer, load.get(volunteer.person_id, 0)) for volunteer in active])
