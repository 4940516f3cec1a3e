"""The demo's outreach, played forward through the real services from weeks ago to today:

- a running talent-pool sequence whose candidates got their first mail twelve days ago
  (a few replied and left; the second mail is due in a few weeks), a sequence for new
  prospects whose first mails wait in the organiser's approval queue, and the sequence a
  quiet client falls back to;
- contractors placed at two clients, their check-ins asked and answered over the last
  months, so one client's anonymous ratings show (k or more a quarter) and the other's stay
  hidden;
- an article shared three weeks ago with the candidates who asked for news, with its
  clicks, replies and one unsubscribe;
- the clients that have gone quiet offered to their owners;
- the notices of the frozen job (demo.jobs) sent two days ago.

"Sent" here is what delivery would have done: the outbox rows are marked sent at their
time, nothing is queued, so the demo mails nobody. Played once: an organisation with
sequences is left alone.
"""

import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.demo.client_book_data import AGENCY
from hallway.demo.data import SEED
from hallway.messaging.models import OutboxMessage
from hallway.messaging.models import Status as OutboxStatus
from hallway.messaging.services import suppression_add
from hallway.outreach.models import (
    Campaign,
    CampaignSend,
    CheckIn,
    MessageStatus,
    PersonalMessage,
    Placement,
    QuietProposal,
    SenderProfile,
    SendKind,
    Sequence,
    SequenceStatus,
    StepKind,
    Trigger,
)
from hallway.outreach.services.campaigns import (
    CampaignFields,
    campaign_click,
    campaign_save,
    campaign_send,
)
from hallway.outreach.services.care import care_run_due, check_in_answer, placement_record
from hallway.outreach.services.personal import (
    personal_messages_reconcile,
    personal_messages_release,
)
from hallway.outreach.services.quiet import quiet_run_due
from hallway.outreach.services.segments import segment_save
from hallway.outreach.services.sequence_rules import SequenceFields, StepFields
from hallway.outreach.services.sequences import (
    sequence_enroll,
    sequence_save,
    sequence_set_status,
    steps_replace,
)
from hallway.outreach.services.sequences_run import sequences_run_due
from hallway.relationships.interface import (
    Company,
    CompanyKind,
    Contact,
    ContactKind,
    Direction,
    TouchKind,
    TouchSource,
    touch_record,
)

ORGANISER = "organiser@demo.hallway.test"
ADMIN = "admin@demo.hallway.test"
# Signatures: name, role, phone (the organisation's name goes on the second line).
SIGNATURES = {
    ORGANISER: ("Zoë Hartmann", "People & Culture", "+49 30 5550 1200"),
    ADMIN: ("Sanne de Vries", "Operations", "+31 20 555 0143"),
}


def _texts(
    en: tuple[str, str], de: tuple[str, str], nl: tuple[str, str]
) -> dict[str, dict[str, str]]:
    return {
        language: {"subject": subject, "body": body}
        for language, (subject, body) in (("en", en), ("de", de), ("nl", nl))
    }


TALENT_POOL = [
    StepFields(
        kind=StepKind.MESSAGE,
        texts=_texts(
            (
                "Still open to something new, {first_name}?",
                "Hi {first_name},\n\nwe spoke a while ago, and I keep thinking of you when "
                "roles come in. Are you still open to something new, or happy where you are? "
                "Either answer helps me.\n\nBest,\n{owner_first_name}",
            ),
            (
                "Noch offen für etwas Neues, {first_name}?",
                "Hallo {first_name},\n\nwir hatten vor einer Weile gesprochen, und ich denke "
                "an Sie, wenn neue Stellen hereinkommen. Sind Sie noch offen für etwas Neues, "
                "oder glücklich, wo Sie sind? Beide Antworten helfen mir.\n\nViele Grüße\n"
                "{owner_first_name}",
            ),
            (
                "Nog open voor iets nieuws, {first_name}?",
                "Hoi {first_name},\n\nwe spraken elkaar een tijd geleden, en ik denk aan je "
                "als er nieuwe functies binnenkomen. Sta je nog open voor iets nieuws, of zit "
                "je goed waar je bent? Beide antwoorden helpen me.\n\nGroet,\n"
                "{owner_first_name}",
            ),
        ),
    ),
    StepFields(kind=StepKind.WAIT, wait_days=30),
    StepFields(
        kind=StepKind.MESSAGE,
        texts=_texts(
            (
                "A quick hello",
                "Hi {first_name},\n\njust a short hello from {organisation}. If anything "
                "has changed for you, I'd love to hear it.\n\n{owner_first_name}",
            ),
            (
                "Ein kurzes Hallo",
                "Hallo {first_name},\n\nnur ein kurzes Hallo von {organisation}. Wenn sich "
                "bei Ihnen etwas verändert hat, höre ich gern davon.\n\n{owner_first_name}",
            ),
            (
                "Even hallo",
                "Hoi {first_name},\n\neven een korte groet van {organisation}. Als er iets "
                "veranderd is bij jou, hoor ik het graag.\n\n{owner_first_name}",
            ),
        ),
    ),
    StepFields(kind=StepKind.WAIT, wait_days=14),
    StepFields(kind=StepKind.TASK, task_title="Call {first_name} if there was no answer"),
]
PROSPECTS = [
    StepFields(
        kind=StepKind.MESSAGE,
        texts=_texts(
            (
                "Good to talk today",
                "Hi {first_name},\n\nthank you for your time today. As promised, a short "
                "summary and what we could do for {company} in the next weeks.\n\n"
                "{owner_first_name}",
            ),
            (
                "Schön, dass wir gesprochen haben",
                "Hallo {first_name},\n\ndanke für Ihre Zeit heute. Wie versprochen eine kurze "
                "Zusammenfassung und was wir in den nächsten Wochen für {company} tun "
                "könnten.\n\n{owner_first_name}",
            ),
            (
                "Fijn dat we spraken",
                "Hoi {first_name},\n\nbedankt voor je tijd vandaag. Zoals beloofd een korte "
                "samenvatting en wat we de komende weken voor {company} kunnen doen.\n\n"
                "{owner_first_name}",
            ),
        ),
    ),
    StepFields(kind=StepKind.WAIT, wait_days=7),
    StepFields(kind=StepKind.TASK, task_title="Call {first_name} at {company}"),
]
QUIET = [
    StepFields(
        kind=StepKind.MESSAGE,
        texts=_texts(
            (
                "It has been a while",
                "Hi {first_name},\n\nit has been a while since we last worked together. "
                "How are things at {company}? If something is on your mind, I'm happy to "
                "help, or just to catch up.\n\n{owner_first_name}",
            ),
            (
                "Lange nichts gehört",
                "Hallo {first_name},\n\nes ist eine Weile her, seit wir zuletzt zusammen "
                "gearbeitet haben. Wie läuft es bei {company}? Wenn Sie etwas beschäftigt, "
                "helfe ich gern, oder wir plaudern einfach kurz.\n\n{owner_first_name}",
            ),
            (
                "Lang niet gesproken",
                "Hoi {first_name},\n\nhet is een tijd geleden dat we samenwerkten. Hoe gaat "
                "het bij {company}? Als er iets speelt, help ik graag, of we kletsen gewoon "
                "even bij.\n\n{owner_first_name}",
            ),
        ),
    ),
    StepFields(kind=StepKind.WAIT, wait_days=7),
    StepFields(kind=StepKind.TASK, task_title="Call {first_name} at {company}"),
]
ARTICLE_INTROS = {
    "en": "Hi {first_name}, we just published our salary guide for 2027 — I thought of you "
    "when I read the part on hybrid roles.",
    "de": "Hallo {first_name}, unser Gehaltsreport 2027 ist erschienen. Beim Teil über "
    "hybride Rollen habe ich an Sie gedacht.",
    "nl": "Hoi {first_name}, onze salarisgids voor 2027 is net uit. Bij het stuk over "
    "hybride functies moest ik aan je denken.",
}


@dataclass(frozen=True)
class OutreachSummary:
    sequences: int
    messages_sent: int
    waiting_for_approval: int
    placements: int
    campaigns: int
    quiet_proposals: int


def _moment(organisation: Organisation, today: datetime.date, days_ago: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(
        day, datetime.time(9, 30), tzinfo=ZoneInfo(organisation.timezone)
    )


def _deliver(organisation: Organisation, now: datetime.datetime) -> None:
    """What the worker would have done at `now`: due messages into the outbox, sent at
    their time inside each contact's hours, then touches."""
    personal_messages_release(organisation=organisation, now=now)
    queued = PersonalMessage.objects.filter(
        organisation=organisation, status=MessageStatus.QUEUED
    ).exclude(outbox_id=None)
    for outbox in OutboxMessage.objects.filter(
        pk__in=queued.values("outbox_id"), status=OutboxStatus.QUEUED
    ):
        outbox.status, outbox.sent_at = OutboxStatus.SENT, outbox.not_before
        outbox.attempt_count = 1
        outbox.save(update_fields=["status", "sent_at", "attempt_count"])
    personal_messages_reconcile(organisation=organisation, now=now)


def _reply(organisation: Organisation, contact: Contact, at: datetime.datetime, text: str) -> None:
    touch_record(
        organisation=organisation,
        kind=TouchKind.EMAIL,
        at=at,
        contacts=[contact],
        summary=text,
        source=TouchSource.MAIL,
        direction=Direction.INBOUND,
        external_id=f"demo-reply-{contact.pk}-{at:%Y%m%d}",
    )


def _sequence(
    organisation: Organisation,
    fields: SequenceFields,
    steps: list[StepFields],
    by: User,
    at: datetime.datetime,
) -> Sequence:
    sequence = sequence_save(organisation=organisation, values=fields, now=at, by=by)
    steps_replace(sequence=sequence, steps=steps)
    return sequence_set_status(sequence=sequence, status=SequenceStatus.ACTIVE, now=at)


def demo_outreach_seed(*, organisation: Organisation, today: datetime.date) -> OutreachSummary:
    if not scoped(Sequence, organisation).exists():
        _play(organisation, today)
    messages = PersonalMessage.objects.filter(organisation=organisation)
    return OutreachSummary(
        sequences=scoped(Sequence, organisation).count(),
        messages_sent=messages.filter(status=MessageStatus.SENT).count(),
        waiting_for_approval=messages.filter(status=MessageStatus.PENDING).count(),
        placements=scoped(Placement, organisation).count(),
        campaigns=scoped(Campaign, organisation).count(),
        quiet_proposals=scoped(QuietProposal, organisation).count(),
    )


def _play(organisation: Organisation, today: datetime.date) -> None:
    rng = random.Random(SEED)
    users = {user.email: user for user in User.objects.filter(email__in=[ORGANISER, ADMIN])}
    organiser, admin = users[ORGANISER], users[ADMIN]
    for email, user in users.items():
        SenderProfile.objects.get_or_create(
            organisation=organisation,
            user=user,
            defaults={
                "signature": "{}\n{} · {}\n{}".format(
                    *SIGNATURES[email][:2], organisation.name, SIGNATURES[email][2]
                )
            },
        )

    def at(days_ago: int) -> datetime.datetime:
        return _moment(organisation, today, days_ago)

    # Three weeks ago: the salary guide goes to the candidates who want news.
    pool = segment_save(
        organisation=organisation,
        name="Candidates who want news",
        filters={"kinds": [ContactKind.CANDIDATE], "consent": True},
        by=organiser,
    )
    article = campaign_save(
        organisation=organisation,
        values=CampaignFields(
            title="Salary guide 2027: logistics, care and tech in NRW and the Randstad",
            url="https://www.example.com/salary-guide-2027",
            intros=ARTICLE_INTROS,
            segment=pool,
            # Played back from weeks ago: today's last touches must not decide then.
            skip_touched_days=0,
        ),
        by=organiser,
    )
    campaign_send(campaign=article, by=organiser, now=at(21))
    _deliver(organisation, at(21))
    sends = list(CampaignSend.objects.filter(campaign=article, kind=SendKind.MAIL))
    for send in rng.sample(sends, k=len(sends) * 2 // 5):
        campaign_click(token=send.token, now=at(20))
    for send in sends[:2]:
        if send.contact is not None:
            _reply(organisation, send.contact, at(19), "Interesting read, thank you!")
    if sends and sends[-1].contact is not None:
        suppression_add(organisation=organisation, channel="email", address=sends[-1].contact.email)

    # Twelve days ago: the talent pool's sequence starts and its first mails go; a few
    # candidates answered, and leave it.
    _sequence(
        organisation,
        SequenceFields(
            name="Talent pool: keep in touch",
            description="Candidates between jobs hear from their recruiter every few weeks.",
            trigger=Trigger.SEGMENT,
            trigger_config={"segment": pool.pk},
        ),
        TALENT_POOL,
        organiser,
        at(12),
    )
    sequences_run_due(organisation=organisation, now=at(12))
    _deliver(organisation, at(12))
    candidates = list(
        scoped(Contact, organisation).filter(kind=ContactKind.CANDIDATE).order_by("id")
    )
    for contact in rng.sample(candidates, k=min(4, len(candidates))):
        _reply(organisation, contact, at(10), "Thanks for asking — still looking, ideally hybrid.")
    sequences_run_due(organisation=organisation, now=at(9))
    # Two days ago: the frozen job's candidates were told (see demo.jobs).
    _deliver(organisation, at(2))

    _quiet_fallback_sequence(organisation, admin, at(60))
    _prospects(organisation, organiser, at(1))
    _contractors(organisation, today, admin, rng)
    # Today: the clients gone quiet are offered to their owners.
    quiet_run_due(organisation=organisation, now=at(0))


def _quiet_fallback_sequence(organisation: Organisation, by: User, at: datetime.datetime) -> None:
    _sequence(
        organisation,
        SequenceFields(
            name="Quiet client: a gentle hello",
            description="When the owner has not called, invited or written within the set days.",
            trigger=Trigger.GONE_QUIET,
        ),
        QUIET,
        by,
        at,
    )


def _prospects(organisation: Organisation, by: User, at: datetime.datetime) -> None:
    """Yesterday's first calls with prospects: the follow-ups wait for approval."""
    sequence = _sequence(
        organisation,
        SequenceFields(
            name="After a first call with a prospect",
            description="A summary the day after, then a call a week later.",
            approval=True,
        ),
        PROSPECTS,
        by,
        at,
    )
    prospects = (
        scoped(Contact, organisation)
        .filter(kind=ContactKind.PROSPECT, owners=by)
        .exclude(email="")
        .order_by("id")[:3]
    )
    sequence_enroll(sequence=sequence, contact_ids=[c.pk for c in prospects], now=at, by=by)
    sequences_run_due(organisation=organisation, now=at)


def _contractors(
    organisation: Organisation, today: datetime.date, owner: User, rng: random.Random
) -> None:
    """Contractors at three clients for months: check-ins asked and answered as they fell
    due, so ratings of past quarters exist: seven contractors at one client (shown at
    k = 5), three and two at the others (hidden, and too few together to be worked out
    from the organisation's figure)."""
    contractors = list(
        scoped(Contact, organisation)
        .filter(kind=ContactKind.CONTRACTOR)
        .exclude(email="")
        .exclude(company__name=AGENCY)
        .order_by("id")
    ) + list(
        scoped(Contact, organisation)
        .filter(kind=ContactKind.CONTRACTOR, company__name=AGENCY)
        .exclude(email="")
        .order_by("id")
    )
    clients = list(
        scoped(Company, organisation).filter(kind=CompanyKind.CLIENT).order_by("name")[2:5]
    )
    if len(clients) < 3 or len(contractors) < 12:
        return
    first_day = today - datetime.timedelta(days=220)
    for number, contractor in enumerate(contractors[:12]):
        client = clients[0] if number < 7 else clients[1] if number < 10 else clients[2]
        starts = first_day + datetime.timedelta(days=rng.randint(0, 40))
        placement_record(
            organisation=organisation,
            contractor=contractor,
            company=client,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=rng.choice((270, 330, 365))),
            owner=owner,
            now=_moment(organisation, starts, 3),
        )
    day = first_day + datetime.timedelta(days=30)
    while day < today - datetime.timedelta(days=2):
        moment = _moment(organisation, day, 0)
        care_run_due(organisation=organisation, now=moment)
        _deliver(organisation, moment)
        for check_in in CheckIn.objects.filter(
            organisation=organisation, sent_at__isnull=False, answered_at=None
        ).select_related("placement"):
            if rng.random() < 0.1:
                continue  # not everyone answers
            score = (
                rng.choice((3, 4, 4, 5, 5, 2))
                if check_in.placement.company == clients[0]
                else rng.choice((4, 5))
            )
            check_in_answer(
                check_in=check_in,
                score=score,
                comment=rng.choice(
                    ("", "", "All good, the team is great.", "The onboarding was a bit chaotic.")
                ),
                wants_call=score <= 2,
                now=moment + datetime.timedelta(days=1),
                rating_score=rng.choice((3, 4, 4, 5)),
            )
        day += datetime.timedelta(days=7)
