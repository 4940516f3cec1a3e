"""Every page that takes an object refuses another organisation's objects with a 404.

The test walks every URL pattern of the project. A new pattern with an object argument
must be added to OBJECT_ROUTES (or, when its argument is not an organisation's object,
to NOT_OBJECT_ROUTES with the reason), so no route can forget its scoping.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hallway.absences.models import Holiday, OutOfOffice
from hallway.accounts.models import Invitation, Membership, Role
from hallway.accounts.tokens import token_create
from hallway.gatherings.models import GatheringSeries
from hallway.gatherings.services.gatherings import gathering_create
from hallway.messaging.channel_setup import channel_save
from hallway.messaging.models import AddressHealth
from hallway.onboarding.models import BuddyVolunteer, OnboardingTrack
from hallway.onboarding.services.setup import onboarding_template_default
from hallway.people.models import PeopleImport
from hallway.relationships.models import ContactImport, Detail, Note, ScheduledCall
from hallway.rituals.models import Pulse
from hallway.rituals.services.gong import celebration_post, gong_target_save
from hallway.rituals.services.gong_webhook import gong_webhook_create
from hallway.rituals.services.pulse import pulse_save
from tests.factories import (
    make_company,
    make_contact,
    make_message,
    make_program,
    make_round_of_pairs,
)

# Prefixes handled elsewhere: the API has its own walker in tests/api; the admin is for
# superusers only; i18n's set_language takes no object.
SKIPPED_NAMESPACES = {"api", "admin"}
NOT_OBJECT_ROUTES = {
    "rituals:pulse_results": "pulse",
    "rituals:pulse_edit": "pulse",
    "rituals:pulse_export": "pulse",
    "rituals:pulse_question_new": "pulse",
    "rituals:pulse_question_switch": "pulse_question",
    "rituals:standup": "standup",
    "rituals:standup_edit": "standup",
    "rituals:standup_video_time": "standup",
    "rituals:standup_blocker": "checkin",
    "rituals:standup_win": "checkin",
    "accounts:password_reset_confirm": "a signed reset token, checked by Django",
    "accounts:invitation_accept": "a signed invitation token; tested in tests/accounts",
    "messaging:link": "a signed link token; tested in tests/messaging",
    "messaging:template_edit": "a message type and template kind, not an object",
    "messaging:calendar_feed": "a secret feed key; tested in tests/messaging",
    "messaging:slack_interactions": "an organisation slug; requests carry Slack's signature",
    "coffee:personal_link": "a signed link token naming its person; tested in tests/coffee",
    "rituals:gong_slack_events": "an organisation slug; requests carry Slack's signature",
    "projects:card_public": "a signed card token; tested in tests/projects/test_card.py",
    "projects:card_photo": "a signed card token and a member; tested in tests/projects/test_card.py",
    "projects:about_you": "a signed link naming its roster member; tested in tests/projects",
    "outreach:campaign_click": "a random click-through token; tested in tests/outreach",
    "projects:member_photo": "a project and its member, scoped; tested in tests/projects/test_card.py",
    "outreach:check_in_form": "a signed check-in link; tested in tests/outreach/test_care_form.py",
}


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def routes_with_arguments():
    for name, pattern in walk(get_resolver().url_patterns):
        if name.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        if pattern.pattern.regex.groups:
            yield name


@pytest.fixture
def acme_objects(acme, alice, bob, carol, berlin, platform_team):
    invitation = Invitation.objects.create(
        organisation=acme, email="new@acme.test", role=Role.MEMBER
    )
    token, _ = token_create(organisation=acme, user=alice)
    upload = PeopleImport.objects.create(
        organisation=acme,
        filename="people.csv",
        content=b"email,name\n",
        rejected_rows={"columns": ["email"], "rows": [{"row": 2, "values": ["x"], "problems": []}]},
    )
    membership = Membership.objects.get(organisation=acme, user=bob)
    message = make_message(acme, "cross-organisation", person=carol, context={})
    health = AddressHealth.objects.create(
        organisation=acme, channel="email", address="carol@acme.test", status="failing"
    )
    channel = channel_save(
        organisation=acme,
        kind="discord",
        name="Discord",
        values={"url": "https://discord.com/api/webhooks/1/a"},
    )
    program = make_program(acme, name="Coffee")
    round_ = make_round_of_pairs(program, pairs=1)
    holiday = Holiday.objects.create(
        organisation=acme, date=datetime.date(2030, 1, 1), name="New year"
    )
    away = OutOfOffice.objects.create(
        organisation=acme,
        person=carol,
        first_day=datetime.date(2030, 1, 2),
        last_day=datetime.date(2030, 1, 9),
    )
    track = OnboardingTrack.objects.create(
        organisation=acme,
        person=carol,
        template=onboarding_template_default(organisation=acme),
        start_date=datetime.date(2026, 3, 2),
    )
    volunteer = BuddyVolunteer.objects.create(organisation=acme, person=carol)
    company = make_company(acme, "Brightside GmbH")
    contact = make_contact(acme, "Nina Vogel", company=company)
    note = Note.objects.create(organisation=acme, author=alice, contact=contact, text="Note")
    detail = Detail.objects.create(organisation=acme, author=alice, contact=contact, text="Run")
    call = ScheduledCall.objects.create(
        organisation=acme,
        contact=contact,
        owner=alice,
        start=datetime.datetime(2030, 1, 3, 12, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 1, 3, 12, 20, tzinfo=datetime.UTC),
        uid="call-cross-organisation@hallway.test",
    )
    gathering = gathering_create(
        organisation=acme,
        title="Winter drinks",
        hosts=[alice],
        starts_at=datetime.datetime(2030, 1, 10, 17, tzinfo=datetime.UTC),
        minutes=60,
        by=alice,
    )
    gong_target = gong_target_save(organisation=acme, channel=channel)
    gong_webhook, _secret = gong_webhook_create(
        organisation=acme,
        name="ATS",
        mapping={"kind": "win", "title": "A win"},
        now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    celebration = celebration_post(
        organisation=acme,
        kind="win",
        title="A win",
        source="ui",
        now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    pulse = pulse_save(
        pulse=Pulse(organisation=acme, name="Pulse", starts_on=datetime.date(2030, 1, 1))
    )
    return {
        "celebration": celebration.pk,
        "gong_target": gong_target.pk,
        "gong_webhook": gong_webhook.pk,
        "pulse": pulse.pk,
        "pulse_question": pulse.questions.first().pk,
        "gathering": gathering.pk,
        "gathering_series": GatheringSeries.objects.create(
            organisation=acme,
            title="Drinks",
            department="Engineering",
            first_on=datetime.date(2030, 1, 4),
            language="en",
        ).pk,
        "contact": contact.pk,
        "call": call.pk,
        "company": company.pk,
        "note": note.pk,
        "detail": detail.pk,
        "contacts_import": ContactImport.objects.create(
            organisation=acme, filename="contacts.csv", content=b"name\nAnn\n"
        ).pk,
        "track": track.pk,
        "buddy": volunteer.pk,
        "program": program.pk,
        "round": round_.pk,
        "pairing": round_.pairings.get().pk,
        "holiday": holiday.pk,
        "out_of_office": away.pk,
        "message": message.pk,
        "health": health.pk,
        "channel": channel.pk,
        "person": carol.pk,
        "team": platform_team.pk,
        "location": berlin.pk,
        "membership": membership.pk,
        "invitation": invitation.pk,
        "token": token.pk,
        "import": upload.pk,
        **_standup_objects(acme, carol, platform_team),
        **_project_objects(acme, carol, company),
        **_outreach_objects(acme, alice, contact),
        **_campaign_objects(acme),
        **_job_objects(acme, alice, company),
        **_care_objects(acme, company, alice),
        **_sequence_objects(acme),
        "quiet_proposal": _quiet_proposal(acme, alice, company, contact),
        "owner_task": _owner_task(acme, alice, contact),
    }


def _job_objects(acme, alice, company):
    from hallway.outreach.models import Candidacy, Freeze
    from hallway.relationships.models import Order

    order = Order.objects.create(
        organisation=acme, company=company, title="Backend Engineer", at=datetime.date(2030, 1, 7)
    )
    candidacy = Candidacy.objects.create(
        organisation=acme, order=order, contact=make_contact(acme, "Kim Jansen"), owner=alice
    )
    freeze = Freeze.objects.create(
        organisation=acme, order=order, stages=["applied"], resume_on=datetime.date(2030, 2, 1)
    )
    return {
        "order": order.pk,
        "candidacy": candidacy.pk,
        "freeze": freeze.pk,
    }


def _outreach_objects(acme, alice, contact):
    from hallway.outreach.models import OwnerTask, PersonalMessage

    task = OwnerTask.objects.create(
        organisation=acme,
        owner=alice,
        contact=contact,
        kind="call",
        title="Call Nina",
        source="quiet",
        key="cross-organisation",
        due_on=datetime.date(2030, 1, 7),
    )
    message = PersonalMessage.objects.create(
        organisation=acme,
        contact=contact,
        owner=alice,
        source="quiet",
        key="cross-organisation",
        subject="Hello",
        body="Hello Nina",
        status="pending",
    )
    return {"owner_task": task.pk, "personal_message": message.pk}


def _care_objects(acme, company, alice):
    from hallway.outreach.services.care import placement_record
    from hallway.outreach.services.tasks import owner_task_open

    contractor = make_contact(acme, "Lena Fischer", kind="contractor")
    placement = placement_record(
        organisation=acme,
        contractor=contractor,
        company=company,
        starts_on=datetime.date(2030, 1, 7),
        ends_on=None,
        owner=None,
        now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    task = owner_task_open(
        organisation=acme,
        owner=alice,
        key="cross-org",
        kind="call",
        title="Call Lena",
        source="check_in",
        due_on=datetime.date(2030, 1, 7),
        now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    return {"placement": placement.pk, "owner_task": task.pk}


def _standup_objects(acme, carol, platform_team):
    from hallway.rituals.models import CheckIn, Digest, Occurrence, StandUp

    standup = StandUp.objects.create(
        organisation=acme,
        name="Daily",
        starts_on=datetime.date(2030, 1, 7),
        circle_team=platform_team,
    )
    occurrence = Occurrence.objects.create(
        organisation=acme, standup=standup, date=datetime.date(2030, 1, 7)
    )
    at = datetime.datetime(2030, 1, 7, 8, tzinfo=datetime.UTC)
    digest = Digest.objects.create(
        organisation=acme,
        occurrence=occurrence,
        number=1,
        first_ask=at,
        last_ask=at,
        closes_at=at,
    )
    checkin = CheckIn.objects.create(
        organisation=acme,
        occurrence=occurrence,
        digest=digest,
        person=carol,
        ask_at=at,
        closes_at=at,
        status="answered",
        blockers="Staging",
        blocked=True,
    )
    return {"standup": standup.pk, "checkin": checkin.pk}


def _project_objects(acme, carol, company):
    from hallway.projects.models import MeetingSeries, Project, RosterMember

    project = Project.objects.create(
        organisation=acme, name="Rollout", company=company, starts_on=datetime.date(2030, 1, 7)
    )
    member = RosterMember.objects.create(
        organisation=acme,
        project=project,
        person=carol,
        side="ours",
        joined_on=datetime.date(2030, 1, 7),
    )
    series = MeetingSeries.objects.create(
        organisation=acme,
        project=project,
        name="Weekly",
        kind="weekly",
        rule="FREQ=WEEKLY;BYDAY=TH",
        starts_on=datetime.date(2030, 1, 10),
        at=datetime.time(16, 0),
    )
    return {"project": project.pk, "roster_member": member.pk, "series": series.pk}


def _campaign_objects(acme):
    from hallway.outreach.models import Campaign, OwnerTask, Segment

    segment = Segment.objects.create(organisation=acme, name="Clients", filters={})
    campaign = Campaign.objects.create(
        organisation=acme,
        title="Hiring in 2030",
        url="https://blog.acme.test/2030",
        intros={"en": "Hi {first_name}"},
        segment=segment,
    )
    owner = acme.memberships.order_by("pk").first().user
    task = OwnerTask.objects.create(
        organisation=acme,
        owner=owner,
        kind="call",
        title="Call Megan",
        source="sequence",
        key="tests:call",
        due_on=datetime.date(2030, 1, 7),
    )
    return {"segment": segment.pk, "campaign": campaign.pk, "owner_task": task.pk}


def _sequence_objects(acme):
    from hallway.outreach.models import Enrollment, Sequence, Step

    sequence = Sequence.objects.create(organisation=acme, name="Welcome")
    step = Step.objects.create(
        organisation=acme,
        sequence=sequence,
        position=0,
        kind="message",
        texts={"en": {"subject": "Hi", "body": "Hello"}},
    )
    enrollment = Enrollment.objects.create(
        organisation=acme, sequence=sequence, contact=make_contact(acme, "Sequence Sam")
    )
    return {"sequence": sequence.pk, "sequence_step": step.pk, "enrollment": enrollment.pk}


def _quiet_proposal(acme, alice, company, contact):
    from hallway.outreach.models import QuietProposal

    return QuietProposal.objects.create(
        organisation=acme,
        company=company,
        contact=contact,
        owner=alice,
        quiet_on=datetime.date(2026, 11, 1),
        fallback_on=datetime.date(2030, 1, 1),
    ).pk


def _owner_task(acme, alice, contact):
    from hallway.outreach.models import OwnerTask

    return OwnerTask.objects.create(
        organisation=acme,
        owner=alice,
        contact=contact,
        kind="call",
        title="Call",
        source="quiet",
        key="cross-organisation:quiet",
        due_on=datetime.date(2030, 1, 1),
    ).pk


OBJECT_ROUTES = {
    "outreach:task_done": "owner_task",
    "outreach:quiet_detail": "quiet_proposal",
    "rituals:pulse_results": "pulse",
    "rituals:pulse_edit": "pulse",
    "rituals:pulse_export": "pulse",
    "rituals:pulse_question_new": "pulse",
    "rituals:pulse_question_switch": "pulse_question",
    "people:detail": "person",
    "people:edit": "person",
    "people:delete": "person",
    "people:team_edit": "team",
    "people:team_delete": "team",
    "people:location_edit": "location",
    "people:location_delete": "location",
    "accounts:settings_member_role": "membership",
    "accounts:settings_member_remove": "membership",
    "accounts:settings_invitation_resend": "invitation",
    "accounts:settings_invitation_revoke": "invitation",
    "accounts:settings_token_revoke": "token",
    "people_transfer:import_preview": "import",
    "people_transfer:import_apply": "import",
    "people_transfer:import_rejected_rows": "import",
    "messaging:outbox_detail": "message",
    "messaging:outbox_resend": "message",
    "messaging:outbox_cancel": "message",
    "messaging:health_reset": "health",
    "messaging:channel_edit": "channel",
    "messaging:channel_remove": "channel",
    "messaging:channel_test": "channel",
    "coffee:program": "program",
    "coffee:program_edit": "program",
    "coffee:program_archive": "program",
    "coffee:round_plan": "program",
    "coffee:round": "round",
    "coffee:round_swap": "round",
    "coffee:round_remove": "round",
    "coffee:round_put_back": "round",
    "coffee:round_replan": "round",
    "coffee:round_announce": "round",
    "coffee:round_close": "round",
    "coffee:pairing_lock": "pairing",
    "absences:holiday_delete": "holiday",
    "absences:person": "person",
    "absences:out_of_office_delete": "out_of_office",
    "onboarding:track": "track",
    "onboarding:track_fill": "track",
    "onboarding:buddy_choose": "track",
    "onboarding:buddy_edit": "buddy",
    "onboarding:buddy_remove": "buddy",
    "coffee:insights_program": "program",
    "coffee:insights_csv": "program",
    "relationships:call_schedule": "contact",
    "relationships:call_cancel": "call",
    "relationships:import_preview": "contacts_import",
    "relationships:import_apply": "contacts_import",
    "relationships:export_json": "contact",
    "relationships:export_vcard": "contact",
    "relationships:erase": "contact",
    "relationships:keep": "contact",
    "relationships:contact": "contact",
    "relationships:contact_edit": "contact",
    "relationships:contact_delete": "contact",
    "relationships:contact_touch": "contact",
    "relationships:contact_touches": "contact",
    "relationships:contact_note_add": "contact",
    "relationships:contact_detail_add": "contact",
    "relationships:company": "company",
    "relationships:company_edit": "company",
    "relationships:company_delete": "company",
    "relationships:company_touch": "company",
    "relationships:company_touches": "company",
    "relationships:company_order": "company",
    "relationships:company_note_add": "company",
    "relationships:note_edit": "note",
    "relationships:note_delete": "note",
    "relationships:detail_asked": "detail",
    "relationships:detail_delete": "detail",
    "gatherings:detail": "gathering",
    "gatherings:invite": "gathering",
    "gatherings:reschedule": "gathering",
    "gatherings:cancel": "gathering",
    "gatherings:breakouts": "gathering",
    "gatherings:pick": "gathering",
    "gatherings:repeat": "gathering",
    "gatherings:series_active": "gathering_series",
    "gatherings:afterwards": "gathering",
    "gatherings:console": "gathering",
    "gatherings:console_start": "gathering",
    "gatherings:console_late": "gathering",
    "gatherings:console_left": "gathering",
    "rituals:cheer": "celebration",
    "rituals:gong_target_remove": "gong_target",
    "rituals:gong_webhook": "gong_webhook",
    "rituals:gong_webhook_rotate": "gong_webhook",
    "rituals:gong_webhook_enabled": "gong_webhook",
    "projects:detail": "project",
    "projects:edit": "project",
    "projects:roster_add": "project",
    "projects:roster_edit": "roster_member",
    "projects:roster_remove": "roster_member",
    "projects:coverage": "project",
    "projects:coverage_plan": "project",
    "projects:coverage_record": "project",
    "projects:card": "project",
    "projects:card_revoke": "project",
    "projects:kickoff": "project",
    "projects:series_list": "project",
    "projects:series_new": "project",
    "projects:series": "series",
    "projects:series_edit": "series",
    "projects:series_end": "series",
    "projects:series_held": "series",
    "projects:series_note": "series",
    "outreach:task_snooze": "owner_task",
    "outreach:approval_decide": "personal_message",
    "outreach:campaign": "campaign",
    "outreach:campaign_edit": "campaign",
    "outreach:campaign_preview": "campaign",
    "outreach:campaign_send": "campaign",
    "outreach:segment": "segment",
    "outreach:segment_delete": "segment",
    "outreach:job": "order",
    "outreach:candidate_add": "order",
    "outreach:job_freeze": "order",
    "outreach:candidacy_stage": "candidacy",
    "outreach:freeze_lift": "freeze",
    "outreach:placement": "placement",
    "outreach:placement_edit": "placement",
    "outreach:placement_end": "placement",
    "outreach:client_feedback": "company",
    "outreach:sequence": "sequence",
    "outreach:sequence_edit": "sequence",
    "outreach:sequence_status": "sequence",
    "outreach:sequence_step_new": "sequence",
    "outreach:sequence_preview": "sequence",
    "outreach:sequence_step_edit": "sequence_step",
    "outreach:sequence_step_delete": "sequence_step",
    "outreach:sequence_step_move": "sequence_step",
    "outreach:sequence_enrollments": "sequence",
    "outreach:sequence_enrollment_remove": "enrollment",
}
# Actions that only answer POST (a GET is 405 for everyone).
POST_ONLY_ROUTES = {
    "outreach:task_done",
    "rituals:pulse_question_new",
    "rituals:pulse_question_switch",
    "rituals:standup_video_time",
    "rituals:standup_blocker",
    "rituals:standup_win",
    "coffee:round_put_back",
    "coffee:program_archive",
    "coffee:round_plan",
    "coffee:round_swap",
    "coffee:round_replan",
    "coffee:round_close",
    "coffee:pairing_lock",
    "absences:holiday_delete",
    "absences:out_of_office_delete",
    "onboarding:track_fill",
    "onboarding:buddy_choose",
    "messaging:channel_remove",
    "messaging:channel_test",
    "onboarding:buddy_edit",
    "relationships:call_cancel",
    "relationships:import_apply",
    "relationships:keep",
    "relationships:contact_note_add",
    "relationships:contact_detail_add",
    "relationships:company_order",
    "relationships:company_note_add",
    "relationships:note_delete",
    "relationships:detail_asked",
    "relationships:detail_delete",
    "gatherings:invite",
    "gatherings:reschedule",
    "gatherings:cancel",
    "gatherings:breakouts",
    "gatherings:repeat",
    "gatherings:series_active",
    "gatherings:console_start",
    "gatherings:console_late",
    "gatherings:console_left",
    "rituals:cheer",
    "rituals:gong_target_remove",
    "rituals:gong_webhook_rotate",
    "rituals:gong_webhook_enabled",
    "projects:roster_add",
    "projects:coverage_plan",
    "projects:coverage_record",
    "projects:card_revoke",
    "projects:series_end",
    "projects:series_held",
    "projects:series_note",
    "outreach:task_snooze",
    "outreach:approval_decide",
    "outreach:segment_delete",
    "outreach:candidate_add",
    "outreach:job_freeze",
    "outreach:candidacy_stage",
    "outreach:freeze_lift",
    "outreach:sequence_status",
    "outreach:sequence_step_delete",
    "outreach:sequence_step_move",
    "outreach:sequence_enrollment_remove",
}


def test_every_route_with_an_argument_is_covered():
    uncovered = set(routes_with_arguments()) - set(OBJECT_ROUTES) - set(NOT_OBJECT_ROUTES)
    assert not uncovered, (
        f"add these routes to OBJECT_ROUTES or NOT_OBJECT_ROUTES: {sorted(uncovered)}"
    )


def test_no_stale_entries():
    known = set(routes_with_arguments())
    assert set(OBJECT_ROUTES) <= known
    assert set(NOT_OBJECT_ROUTES) <= known


def test_another_organisation_gets_404_everywhere(client, mallory, acme_objects):
    client.force_login(mallory)
    leaks = {}
    for name, kind in OBJECT_ROUTES.items():
        url = reverse(name, kwargs={"pk": acme_objects[kind]})
        for method in (client.get, client.post):
            status = method(url).status_code
            if status not in (404, 405):
                leaks[f"{method.__name__.upper()} {url}"] = status
    assert not leaks, f"these answered another organisation's request: {leaks}"


def test_the_owner_organisation_reaches_the_same_routes(alice_client, acme_objects):
    """Guards the walker itself: for acme's own admin the same GET routes are not 404."""
    for name, kind in OBJECT_ROUTES.items():
        if name in POST_ONLY_ROUTES or name.endswith(
            ("_resend", "_revoke", "_role", "_remove", "import_apply")
        ):
            continue  # POST-only actions
        url = reverse(name, kwargs={"pk": acme_objects[kind]})
        assert alice_client.get(url).status_code == 200, url
