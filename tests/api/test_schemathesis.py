"""Schemathesis over every operation of the API, with every check, on the demo organisation.

The schema is the one the app serves (/api/openapi.json); requests go through the WSGI
app in this process, so they see the test database. The demo organisation is seeded once
for the module inside a transaction that is rolled back at the end; every example runs in
a savepoint that is rolled back too, so examples never see each other's writes.

Deterministic: Hypothesis is derandomized, and ids in paths are mapped onto the demo's
objects by position (their numbers depend on what ran before in the same database).
"""

import datetime
import logging
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
import schemathesis
import time_machine
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings

from hallway.accounts.models import ApiToken, Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.accounts.tokens import token_create
from hallway.coffee.models import Pairing, Program, Round
from hallway.demo.data import DEMO_SLUG
from hallway.demo.seed import demo_seed
from hallway.gatherings.models import Gathering, GatheringSeries
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.services.guests import guest_answer, guests_invite, invitees_by_email
from hallway.messaging.models import OutboxMessage
from hallway.outreach.models import (
    Campaign,
    Candidacy,
    Enrollment,
    OwnerTask,
    PersonalMessage,
    Placement,
    QuietProposal,
    Segment,
    Sequence,
)
from hallway.people.models import Person
from hallway.projects.models import MeetingSeries, OneOnOne, Project, RosterMember
from hallway.relationships.models import Company, Contact, Order
from hallway.rituals.models import CheckIn, StandUp

# Examples per operation in the fuzzing phase (the examples and coverage phases add theirs).
MAX_EXAMPLES = 15
# The demo as it looks on one Monday morning, whatever day the suite runs.
NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
# Known before the database exists: the schema's auth provider hands it out at collection.
TOKEN = ApiToken.PREFIX + "schemathesis-" + "0" * 30
ADMIN = "admin@demo.hallway.test"  # may do everything the API offers but own the organisation

# Writes whose rules go beyond what a JSON schema can say (a known time zone, a team or a
# person that exists, a slug not taken, a readable file): a schema-valid request may still
# be refused with 422 and the error format. Everything else must accept valid data.
RULES_BEYOND_THE_SCHEMA = [
    "POST /api/v1/people",
    "PATCH /api/v1/people/{person_id}",
    "POST /api/v1/coffee/programs",
    "PATCH /api/v1/coffee/programs/{program_id}",
    "POST /api/v1/coffee/pairings/{pairing_id}/feedback",
    "POST /api/v1/companies",
    "PATCH /api/v1/companies/{company_id}",
    "POST /api/v1/contacts",
    "PATCH /api/v1/contacts/{contact_id}",
    "POST /api/v1/touches",
    "POST /api/v1/orders",
    # A start in the future, hosts who are members, addresses that are addresses; and a
    # gathering's state refuses some writes (cancelled, too few guests for breakout rooms).
    "POST /api/v1/gatherings",
    "PATCH /api/v1/gatherings/{gathering_id}",
    "POST /api/v1/gatherings/{gathering_id}/cancel",
    "POST /api/v1/gatherings/{gathering_id}/guests",
    "POST /api/v1/gatherings/{gathering_id}/breakouts",
    # People and a team of this organisation; kudos within the month's quota, not to oneself.
    "POST /api/v1/celebrations",
    "POST /api/v1/kudos",
    # Teams, people and channels that exist; a rule that occurs.
    "POST /api/v1/standups",
    # A known time zone, a team or location that exists; an answered anonymous pulse stays so.
    "POST /api/v1/pulses",
    "PATCH /api/v1/pulses/{pulse_id}",
    # A client company and a lead of this organisation, a unique name, an end after the
    # start; someone of this organisation not yet on the roster.
    "POST /api/v1/projects",
    "PATCH /api/v1/projects/{project_id}",
    "POST /api/v1/projects/{project_id}/roster",
    # A kickoff in the future; a rule that occurs, a known zone, a sub-project someone works
    # on, people of this project's roster; a day the series meets, today or before; notes
    # only after check-ins with someone of the client.
    "POST /api/v1/projects/{project_id}/kickoff",
    "POST /api/v1/projects/{project_id}/series",
    "PATCH /api/v1/projects/{project_id}/series/{meeting_series_id}",
    "POST /api/v1/projects/{project_id}/series/{meeting_series_id}/end",
    "POST /api/v1/projects/{project_id}/series/{meeting_series_id}/held",
    "POST /api/v1/projects/{project_id}/series/{meeting_series_id}/note",
    # A message waits for approval only once: approved or discarded, it is a conflict (409);
    # words that do not fit the rules (a subject of spaces only) are a 422.
    "POST /api/v1/approvals/{approval_id}/approve",
    "POST /api/v1/approvals/{approval_id}/discard",
    # A unique segment name; a web address, known variables, a segment of this organisation.
    "POST /api/v1/segments",
    "PATCH /api/v1/segments/{segment_id}",
    "POST /api/v1/campaigns",
    # A contact and a recruiter of this organisation; a resume date after today, known
    # variables in the message, one active freeze per job.
    "POST /api/v1/orders/{order_id}/candidates",
    "POST /api/v1/orders/{order_id}/freeze",
    # A contractor with an email address, a client and an owner of this organisation, an end
    # after the start (an end no earlier than the start when ending).
    "POST /api/v1/placements",
    "PATCH /api/v1/placements/{placement_id}",
    "POST /api/v1/placements/{placement_id}/end",
    # A segment of this organisation, a known stage, texts with known variables, a unique
    # name, a status that may follow; contacts of this organisation; someone still in it.
    "POST /api/v1/sequences",
    "PATCH /api/v1/sequences/{sequence_id}",
    "PUT /api/v1/sequences/{sequence_id}/steps",
    "POST /api/v1/sequences/{sequence_id}/enrollments",
    "POST /api/v1/enrollments/{enrollment_id}/remove",
    # One of the offered call times (a 422 lists them); an answered proposal is a 409.
    "POST /api/v1/quiet-proposals/{proposal_id}/call",
    "POST /api/v1/quiet-proposals/{proposal_id}/note",
    "POST /api/v1/quiet-proposals/{proposal_id}/dismiss",
]
# A check-in's state decides: one that names no blocker cannot be resolved (409).
STATEFUL_STANDUPS = [
    "POST /api/v1/standups/checkins/{checkin_id}/resolve",
    # An article is sent once (then previewing or sending it again is 409); a segment an
    # article uses is not deleted (409).
    "GET /api/v1/campaigns/{campaign_id}/preview",
    "POST /api/v1/campaigns/{campaign_id}/send",
    "DELETE /api/v1/segments/{segment_id}",
]
# Exactly one audience of three optional fields (team_id, department, location_id) is more
# than a JSON schema says: the examples phase sends all three, which is refused as well.
ONE_OF_THREE = ["POST /api/v1/gathering-series"]
# A web address and known variables (422), and only a draft changes (a sent article: 409).
RULES_AND_STATE = ["PATCH /api/v1/campaigns/{campaign_id}"]
CONFIG = schemathesis.Config.from_dict(
    {
        # NUL is refused in every text, query or body, with a 422 naming the field
        # (hallway.api.parsing; tested in tests/api/test_errors.py): a JSON schema cannot say
        # so of each string, so generated "valid" data leaves it out.
        "generation": {"allow-x00": False},
        "operations": [
            {
                # `mapping` is JSON in a form field: malformed JSON there is a 400 (as in a
                # JSON body), files the importer cannot read are a 422.
                "include-name": ["POST /api/v1/people/import"],
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422"]
                    }
                },
            },
            {
                "include-name": ONE_OF_THREE,
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
                    }
                },
            },
            {
                "include-name": RULES_AND_STATE,
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
                    }
                },
                "phases": {
                    "examples": {
                        "checks": {
                            "positive_data_acceptance": {
                                "expected-statuses": ["2xx", "401", "403", "404", "409"]
                            }
                        }
                    }
                },
            },
            {
                "include-name": STATEFUL_STANDUPS,
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "401", "403", "404", "409"]
                    }
                },
            },
            {
                "include-name": RULES_BEYOND_THE_SCHEMA,
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
                    }
                },
                # …but the schema's own examples name what the demo has: they are accepted.
                "phases": {
                    "examples": {
                        "checks": {
                            "positive_data_acceptance": {
                                "expected-statuses": ["2xx", "401", "403", "404"]
                            }
                        }
                    }
                },
            },
        ],
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(), config=CONFIG)

# Path parameters that name objects, and the demo's objects they are mapped onto.
OBJECTS = {
    "person_id": Person,
    "program_id": Program,
    "round_id": Round,
    "pairing_id": Pairing,
    "message_id": OutboxMessage,
    "company_id": Company,
    "contact_id": Contact,
    "gathering_id": Gathering,
    "series_id": GatheringSeries,
    "standup_id": StandUp,
    "checkin_id": CheckIn,
    "project_id": Project,
    "member_id": RosterMember,
    "one_on_one_id": OneOnOne,
    "meeting_series_id": MeetingSeries,
    "approval_id": PersonalMessage,
    "task_id": OwnerTask,
    "segment_id": Segment,
    "campaign_id": Campaign,
    "order_id": Order,
    "candidacy_id": Candidacy,
    "placement_id": Placement,
    "sequence_id": Sequence,
    "enrollment_id": Enrollment,
    "proposal_id": QuietProposal,
}
DEMO_IDS: dict[str, list[int]] = {}


@schema.auth()
class DemoAdminToken:
    def get(self, case: Any, ctx: Any) -> str:
        return TOKEN

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.hook
def filter_query(ctx: Any, query: dict[str, Any] | None) -> bool:
    """Unknown query parameters are ignored (documented), so they make no negative case."""
    declared = {parameter.name for parameter in ctx.operation.query}
    return query is None or set(query) <= declared


def on_demo_objects(case: Any) -> None:
    """A generated id that could exist becomes one of the demo's objects of that kind."""
    for name, value in (case.path_parameters or {}).items():
        ids = DEMO_IDS.get(name)
        if ids and type(value) is int and 1 <= value <= 2**63 - 1:
            case.path_parameters[name] = ids[value % len(ids)]


@contextmanager
def connection_kept_open():
    """Like Django's test client: a request must not close the connection that holds the
    test's transaction (Django closes it when autocommit is off, as in any transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def demo_gathering(organisation: Organisation, host: User) -> None:
    """The demo has no gathering yet: one with guests, two of whom said yes."""
    gathering = gathering_create(
        organisation=organisation,
        title="Winter drinks",
        hosts=[host],
        starts_at=NOW + datetime.timedelta(days=10),
        minutes=60,
        by=host,
    )
    emails = list(
        scoped(Person, organisation)
        .exclude(email=ADMIN)
        .order_by("pk")
        .values_list("email", flat=True)[:4]
    )
    invitees, created = invitees_by_email(gathering=gathering, emails=emails, source="tests")
    guests_invite(gathering=gathering, invitees=invitees, by=host, created_contacts=created)
    for guest in gathering.guests.filter(email__in=emails[:2]):
        guest_answer(guest=guest, answer="yes")


def demo_approvals(organisation: Organisation, owner: User) -> None:
    """Messages waiting for the admin's approval and a task of theirs (the demo may have
    none of its own for this user)."""
    from hallway.outreach.services.personal import personal_message_draft
    from hallway.outreach.services.tasks import owner_task_open
    from hallway.relationships.models import Contact

    for number, contact in enumerate(scoped(Contact, organisation).order_by("pk")[:2]):
        personal_message_draft(
            organisation=organisation,
            contact=contact,
            owner=owner,
            source="quiet",
            key=f"schemathesis:{number}",
            subject="Catching up",
            body="How did the launch go?",
            now=NOW,
            approval=True,
        )
        owner_task_open(
            organisation=organisation,
            owner=owner,
            key=f"schemathesis:{number}",
            kind="call",
            title="Call",
            source="quiet",
            due_on=NOW.date(),
            now=NOW,
            contact=contact,
        )


def demo_articles(organisation: Organisation) -> None:
    """A segment of clients, a draft article and a sent one (unless the demo has some)."""
    from hallway.outreach.services.campaigns import CampaignFields, campaign_save, campaign_send
    from hallway.outreach.services.segments import segment_save

    if scoped(Campaign, organisation).exists():
        return
    segment = segment_save(
        organisation=organisation, name="Clients (tests)", filters={"kinds": ["client"]}
    )
    for title in ("Sent article", "Draft article"):
        campaign = campaign_save(
            organisation=organisation,
            values=CampaignFields(
                title=title,
                url="https://blog.example.com/article",
                intros={"en": "Hi {first_name}"},
                segment=segment,
            ),
        )
        if title == "Sent article":
            campaign_send(campaign=campaign, by=None, now=NOW)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=True),
        connection_kept_open(),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                demo_seed(today=NOW.date())
            organisation = Organisation.objects.get(slug=DEMO_SLUG)
            admin = User.objects.get(email=ADMIN)
            with mock.patch.object(ApiToken, "new_raw_key", return_value=TOKEN):
                token_create(organisation=organisation, user=admin, name="tests")
            demo_gathering(organisation, admin)
            demo_approvals(organisation, admin)
            demo_articles(organisation)
            for name, model in OBJECTS.items():
                DEMO_IDS[name] = list(
                    scoped(model, organisation).order_by("pk").values_list("pk", flat=True)
                )
            yield organisation
        finally:
            DEMO_IDS.clear()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def quiet_request_log():
    """Thousands of 4xx answers would each log a warning."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api(case, demo, db, quiet_request_log):
    on_demo_objects(case)
    with transaction.atomic():
        try:
            case.call_and_validate()
        finally:
            transaction.set_rollback(True)
