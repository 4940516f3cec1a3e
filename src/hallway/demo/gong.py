"""The demo's wall of wins: three months of placements, a deal, a launch, anniversaries and
kudos, and an ATS webhook with a few deliveries in its log (one refused for its signature).

Everything goes through the services at the moment it happened. The demo sets up no gong
channel, so nothing is enqueued (the demo mails nobody); an organisation that adds one sees
the next win there. A second run finds the wins by their source references and changes
nothing.
"""

import datetime
import json
import random
import zoneinfo
from dataclasses import dataclass

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.messaging.models import OutboxMessage
from hallway.people.models import Person, PersonStatus, Team
from hallway.rituals.models import Celebration, CelebrationReaction, GongWebhook, Kudos
from hallway.rituals.services.gong import celebration_post
from hallway.rituals.services.gong_webhook import (
    DEFAULT_MAPPING,
    gong_webhook_create,
    gong_webhook_receive,
    signature_of,
)
from hallway.rituals.services.kudos import kudos_give

WEBHOOK_NAME = "Recruitee (ATS)"
# (days ago, kind, title, text, team): the people cheered are the team's first members.
WINS = [
    (80, "deal", "Kessler Logistik signed for two years", "After five calls and one demo.",
     "Sales DACH"),
    (64, "launch", "Search 2.0 is live", "Faster, and it finally finds umlauts.", "Platform"),
    (50, "anniversary", "Five years of the Data team", "", "Data"),
    (35, "win", "Support answered 98% within an hour", "", "Support LATAM"),
    (20, "launch", "The new onboarding app is out", "", "Mobile"),
    (9, "anniversary", "Ten years since our first customer", "", "Customer Success"),
    (3, "deal", "Brightside GmbH renewed", "", "Sales Benelux"),
]  # fmt: skip
PLACEMENTS = [
    (70, "pl-1001", "Lena Fischer", "Brightside GmbH"),
    (42, "pl-1002", "Joost Bakker", "Van Dijk Logistiek"),
    (14, "pl-1003", "Ana Ribeiro", "Kessler Logistik"),
    (2, "pl-1004", "Tom Weber", "Nordlicht Energie"),
]
KUDOS = [
    (60, "Thanks for covering my on-call weekend."),
    (33, "Your onboarding notes saved my first week."),
    (12, "Great demo for Brightside!"),
    (5, "Thank you for the patient code review."),
    (1, "The quarterly numbers were a pleasure to read."),
]


@dataclass(frozen=True)
class GongSummary:
    celebrations: int
    kudos: int
    webhooks: int


def _moment(organisation: Organisation, today: datetime.date, days_ago: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    zone = zoneinfo.ZoneInfo(organisation.timezone)
    return datetime.datetime.combine(day, datetime.time(11, 0), tzinfo=zone)


def _members(organisation: Organisation, team: Team | None, count: int) -> list[Person]:
    people = scoped(Person, organisation).exclude(status=PersonStatus.LEFT).order_by("name", "pk")
    return list(people.filter(team=team)[:count] if team else people[:count])


def _cheers(organisation: Organisation) -> None:
    """A few colleagues cheered each win (once: a wall with cheers already is left)."""
    if scoped(CelebrationReaction, organisation).exists():
        return
    rng = random.Random(7)
    people = list(
        scoped(Person, organisation).filter(status=PersonStatus.ACTIVE).order_by("pk")[:60]
    )
    rows = []
    for celebration in scoped(Celebration, organisation).order_by("pk"):
        for person in rng.sample(people, min(len(people), rng.randint(2, 9))):
            rows.append(
                CelebrationReaction(
                    organisation=organisation,
                    celebration=celebration,
                    person=person,
                    created_at=celebration.posted_at,
                )
            )
    CelebrationReaction.objects.bulk_create(rows, ignore_conflicts=True)


def demo_gong_seed(*, organisation: Organisation, today: datetime.date) -> GongSummary:
    teams = {team.name: team for team in scoped(Team, organisation)}
    for index, (days_ago, kind, title, text, team_name) in enumerate(WINS):
        team = teams.get(team_name)
        members = _members(organisation, team, 2)
        celebration_post(
            organisation=organisation,
            kind=kind,
            title=title,
            text=text,
            people=members,
            team=team,
            posted_by=members[0] if members else None,
            source="ui",
            source_ref=f"demo:{index}",
            now=_moment(organisation, today, days_ago),
        )
    webhook = scoped(GongWebhook, organisation).filter(name=WEBHOOK_NAME).first()
    if webhook is None:
        recruiters = _members(organisation, teams.get("People & Culture"), 2)
        mapping = dict(DEFAULT_MAPPING)
        webhook, secret = gong_webhook_create(
            organisation=organisation,
            name=WEBHOOK_NAME,
            mapping=mapping,
            now=_moment(organisation, today, 90),
        )
        for number, (days_ago, external_id, candidate, client) in enumerate(PLACEMENTS):
            body = json.dumps(
                {
                    "id": external_id,
                    "candidate": {"name": candidate},
                    "job": {"company": client},
                    "owner": {"email": recruiters[number % len(recruiters)].email}
                    if recruiters
                    else {"email": "recruiting@demo.hallway.test"},
                }
            ).encode()
            gong_webhook_receive(
                token=webhook.token,
                body=body,
                signature=signature_of(secret, body),
                now=_moment(organisation, today, days_ago),
            )
        # Someone guessed: the log shows it refused, and nothing was posted.
        gong_webhook_receive(
            token=webhook.token,
            body=b'{"id": "forged"}',
            signature="sha256=" + "0" * 64,
            now=_moment(organisation, today, 7),
        )
    if not scoped(Kudos, organisation).exists():
        people = _members(organisation, None, 12)
        for index, (days_ago, message) in enumerate(KUDOS):
            if len(people) < 2:
                break
            giver, receiver = people[index % len(people)], people[(index * 5 + 3) % len(people)]
            if giver == receiver:
                continue
            kudos_give(
                giver=giver,
                receiver=receiver,
                message=message,
                now=_moment(organisation, today, days_ago),
            )
    _cheers(organisation)
    # No gong channel is set up, so this removes nothing; it keeps the promise if one is.
    OutboxMessage.objects.filter(
        organisation=organisation, idempotency_key__startswith="gong:"
    ).delete()
    return GongSummary(
        celebrations=scoped(Celebration, organisation).count(),
        kudos=scoped(Kudos, organisation).count(),
        webhooks=scoped(GongWebhook, organisation).count(),
    )
