"""axe-core over the product's pages, signed in with the role each page is for, in English
and (a few) in German and on a phone: a serious or critical finding fails the test with the
rule, the element and the page.

Each page is its own test, so a page with a known finding can be marked
`xfail(strict=True, reason=...)` until it is fixed, and the mark must go once it is.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from hallway.absences.models import OutOfOffice
from hallway.accounts.models import Role, User
from hallway.audit.services import audit_record
from hallway.coffee.models import RoundStatus
from hallway.messaging.models import OutboxMessage
from hallway.onboarding.models import OnboardingTrack
from hallway.onboarding.services.planning import onboarding_track_plan
from hallway.onboarding.services.setup import buddy_volunteer_save, onboarding_template_default
from hallway.people.models import Person
from hallway.relationships.models import Detail, Note
from hallway.relationships.selectors.settings import relationship_settings
from hallway.relationships.services.touches import touch_record
from tests.browser.accessibility import assert_accessible, sign_in
from tests.factories import (
    join,
    make_company,
    make_contact,
    make_message,
    make_pairing,
    make_people,
    make_person,
    make_program,
    make_round_of_pairs,
    make_touch,
    make_user,
)


@dataclass(frozen=True)
class World:
    """Acme with enough in it that every page shows its tables, charts and forms."""

    users: dict[str, User | None]
    ids: dict[str, int]


@pytest.fixture
def world(acme, alice, bob, carol) -> World:
    today = timezone.localdate()
    organiser = make_user("olga@acme.test", acme, Role.ORGANISER)
    people = make_people(acme, 12)
    bob_person = make_person(acme, "Bob Baker", email="bob@acme.test", user=bob, team="Sales")
    dana = make_person(acme, "Dana Weber", team="Design")
    program = make_program(acme)
    join(program, *people, bob_person, dana, carol)
    closed = make_round_of_pairs(
        program,
        pairs=3,
        number=1,
        status=RoundStatus.CLOSED,
        on=today - datetime.timedelta(days=28),
        people=people[:7],
    )
    make_pairing(closed, [bob_person, dana], outcomes=["met", "met"], ratings=[5, 4])
    planned = make_round_of_pairs(program, pairs=2, number=2, people=people[7:12])
    OutOfOffice.objects.create(
        organisation=acme,
        person=carol,
        first_day=today + datetime.timedelta(days=3),
        last_day=today + datetime.timedelta(days=10),
        note="Conference",
    )
    make_message(acme, "a11y-intro", person=carol)
    audit_record("people_exported", organisation=acme, actor=alice, target="people.csv")
    onboarding_template_default(organisation=acme)
    buddy_volunteer_save(organisation=acme, person=people[1], capacity=2)
    nina = make_person(
        acme,
        "Nina Neu",
        team="Platform",
        manager=carol,
        start_date=today + datetime.timedelta(days=5),
    )
    onboarding_track_plan(person=nina, now=timezone.now())
    client_company = make_company(
        acme, "Brightside Ltda.", timezone="America/Sao_Paulo", usual_gap_days=30
    )
    bruna = make_contact(acme, "Bruna Costa", company=client_company, owners=[bob])
    make_touch(acme, bruna, at=timezone.now() - datetime.timedelta(days=20), by=bob)
    book = relationship_settings(acme)
    book.retention_months = 12
    book.save()
    make_contact(acme, "Silent Sam", created_at=timezone.now() - datetime.timedelta(days=500))
    client = make_company(acme, "Brightside GmbH", industry="Logistics", timezone="Asia/Kolkata")
    client.owners.add(bob)
    contact = make_contact(acme, "Vera Client", company=client, owners=[bob], cadence_days=30)
    make_contact(acme, "V. Client", email=contact.email)
    touch_record(organisation=acme, kind="call", at=timezone.now(), contacts=[contact], by=bob)
    Note.objects.create(organisation=acme, author=bob, contact=contact, text="Likes cycling")
    Detail.objects.create(
        organisation=acme, author=bob, contact=contact, text="Marathon", ask_next_time=True
    )
    make_contact(
        acme,
        "Nina Vogel",
        owners=[bob],
        cadence_days=14,
        created_at=timezone.now() - datetime.timedelta(days=30),
    )
    return World(
        users={"anonymous": None, "admin": alice, "organiser": organiser, "member": bob},
        ids={
            "person": carol.pk,
            "program": program.pk,
            "planned": planned.pk,
            "closed": closed.pk,
            "message": OutboxMessage.objects.get(idempotency_key="a11y-intro").pk,
            "track": OnboardingTrack.objects.get(person=nina).pk,
            "bob_person": Person.objects.get(user=bob).pk,
            "company": client.pk,
            "contact": contact.pk,
            "duplicate": make_contact(acme, "Vera C.", email=contact.email).pk,
        },
    )


# (name, who, path): the path may name the world's objects, as {program}.
PAGES = [
    ("login", "anonymous", "/accounts/login/"),
    ("password-reset", "anonymous", "/accounts/password/reset/"),
    ("sso-start", "anonymous", "/accounts/sso/"),
    ("api-docs", "anonymous", "/api/docs"),
    ("home", "admin", "/"),
    ("directory", "admin", "/people/"),
    ("person", "admin", "/people/{person}/"),
    ("person-edit", "admin", "/people/{person}/edit/"),
    ("teams", "admin", "/people/teams/"),
    ("people-import", "admin", "/people/import/"),
    ("coffee", "organiser", "/coffee/"),
    ("programs", "organiser", "/coffee/programs/"),
    ("program", "organiser", "/coffee/programs/{program}/"),
    ("program-new", "organiser", "/coffee/programs/new/"),
    ("round-plan", "organiser", "/coffee/rounds/{planned}/"),
    ("round-closed", "organiser", "/coffee/rounds/{closed}/"),
    ("insights", "organiser", "/coffee/insights/"),
    ("insights-program", "organiser", "/coffee/insights/{program}/"),
    ("my-coffee", "member", "/coffee/my/"),
    ("new-hires", "organiser", "/onboarding/"),
    ("new-hire", "organiser", "/onboarding/{track}/"),
    ("buddies", "organiser", "/onboarding/buddies/"),
    ("onboarding-template", "organiser", "/onboarding/template/"),
    ("reach-out", "member", "/relationships/queue/"),
    ("quiet-clients", "member", "/relationships/quiet/"),
    ("time-off", "member", "/time-off/"),
    ("my-time-off", "member", "/time-off/people/{bob_person}/"),
    ("holidays", "admin", "/time-off/holidays/"),
    ("settings", "admin", "/accounts/settings/"),
    ("settings-members", "admin", "/accounts/settings/members/"),
    ("settings-invitations", "admin", "/accounts/settings/invitations/"),
    ("settings-profile", "member", "/accounts/settings/profile/"),
    ("settings-tokens", "admin", "/accounts/settings/tokens/"),
    ("settings-two-factor", "member", "/accounts/settings/two-factor/"),
    ("settings-sso", "admin", "/accounts/settings/sso/"),
    ("audit-log", "admin", "/accounts/settings/audit/"),
    ("outbox", "admin", "/messages/outbox/"),
    ("outbox-message", "admin", "/messages/outbox/{message}/"),
    ("channels", "admin", "/messages/channels/"),
    ("message-templates", "admin", "/messages/templates/"),
    ("messaging-settings", "admin", "/messages/settings/"),
    ("api-docs-signed-in", "member", "/api/docs"),
    ("call-schedule", "member", "/relationships/contacts/{contact}/call/"),
    ("my-sources", "member", "/relationships/sources/"),
    ("organisation-sources", "admin", "/relationships/sources/organisation/"),
    ("contacts-import", "organiser", "/relationships/contacts/import/"),
    ("contacts-retention", "admin", "/relationships/retention/"),
    ("contact-erase", "admin", "/relationships/contacts/{contact}/erase/"),
    ("client-book-settings", "admin", "/relationships/settings/"),
    ("contacts", "member", "/relationships/contacts/"),
    ("companies", "member", "/relationships/companies/"),
    ("contact", "member", "/relationships/contacts/{contact}/"),
    ("contact-edit", "member", "/relationships/contacts/{contact}/edit/"),
    ("company", "member", "/relationships/companies/{company}/"),
    ("contacts-organiser", "organiser", "/relationships/contacts/"),
    ("duplicates", "organiser", "/relationships/contacts/duplicates/"),
    ("merge", "organiser", "/relationships/contacts/merge/?ids={contact}&ids={duplicate}"),
]

GERMAN_PAGES = [
    ("home", "admin", "/"),
    ("program", "organiser", "/coffee/programs/{program}/"),
    ("round-plan", "organiser", "/coffee/rounds/{planned}/"),
    ("my-coffee", "member", "/coffee/my/"),
    ("settings", "admin", "/accounts/settings/"),
    ("api-docs", "member", "/api/docs"),
    ("contact", "member", "/relationships/contacts/{contact}/"),
]

PHONE_PAGES = [
    ("round-plan", "organiser", "/coffee/rounds/{planned}/"),
    ("my-coffee", "member", "/coffee/my/"),
    ("program-new", "organiser", "/coffee/programs/new/"),
    ("directory", "admin", "/people/"),
    ("call-schedule", "member", "/relationships/contacts/{contact}/call/"),
    ("my-sources", "member", "/relationships/sources/"),
    ("contacts-retention", "admin", "/relationships/retention/"),
    ("contacts", "organiser", "/relationships/contacts/"),
    ("contact", "member", "/relationships/contacts/{contact}/"),
    ("company", "member", "/relationships/companies/{company}/"),
]
PHONE = {"width": 390, "height": 844}


def open_page(chromium, live_server, world: World, who: str, path: str, **options):
    context = chromium.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(15_000)
    user = world.users[who]
    if user is not None:
        sign_in(context, user, live_server.url)
    page = context.new_page()
    response = page.goto(path.format(**world.ids))
    assert response is not None
    assert response.ok, f"{path} answers {response.status}"
    return context, page


@pytest.mark.parametrize(("name", "who", "path"), PAGES, ids=[page[0] for page in PAGES])
def test_no_serious_accessibility_problems(chromium, live_server, world, name, who, path):
    context, page = open_page(chromium, live_server, world, who, path, locale="en-GB")
    try:
        assert page.evaluate("document.documentElement.lang") == "en"
        assert_accessible(page, name)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("name", "who", "path"), GERMAN_PAGES, ids=[page[0] for page in GERMAN_PAGES]
)
def test_no_serious_accessibility_problems_in_german(chromium, live_server, world, name, who, path):
    context, page = open_page(chromium, live_server, world, who, path, locale="de-DE")
    try:
        assert page.evaluate("document.documentElement.lang") == "de"
        assert_accessible(page, f"{name}, German")
    finally:
        context.close()


@pytest.mark.parametrize(
    ("name", "who", "path"), PHONE_PAGES, ids=[page[0] for page in PHONE_PAGES]
)
def test_no_serious_accessibility_problems_on_a_phone(
    chromium, live_server, world, name, who, path
):
    context, page = open_page(chromium, live_server, world, who, path, viewport=PHONE)
    try:
        assert_accessible(page, f"{name} at 390 px")
    finally:
        context.close()


def test_on_a_phone_the_menu_and_tables_that_scroll_have_no_serious_problems(
    chromium, live_server, world
):
    context, page = open_page(chromium, live_server, world, "admin", "/", viewport=PHONE)
    try:
        assert_accessible(page, "home at 390 px, menu closed")
        page.get_by_role("button", name="Menu").click()
        assert_accessible(page, "home at 390 px, menu open")
        # A table too wide for the screen scrolls in its box, which the keyboard can reach.
        page.goto("/api/docs")
        box = page.get_by_role("region", name="Parameters of GET /api/v1/people", exact=True)
        assert box.get_attribute("tabindex") == "0"
        handle = box.element_handle()
        box.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("el => el.scrollLeft > 0", arg=handle)
        assert_accessible(page, "API reference at 390 px")
        # On a wide screen it fits, and leaves the tab order.
        page.set_viewport_size({"width": 1280, "height": 800})
        page.wait_for_function("el => !el.hasAttribute('tabindex')", arg=handle)
    finally:
        context.close()


def test_a_serious_problem_fails_with_the_rule_the_element_and_the_page(
    chromium, live_server, world
):
    context, page = open_page(chromium, live_server, world, "anonymous", "/accounts/login/")
    try:
        page.evaluate(
            """() => {
                const box = document.createElement('p');
                box.innerHTML = '<img src="/static/hallway/favicon.svg">';
                box.style.color = '#bbb';
                box.append('pale words');
                document.querySelector('main').append(box);
            }"""
        )
        with pytest.raises(AssertionError) as failure:
            assert_accessible(page, "login")
        message = str(failure.value)
        assert "login (" in message
        assert "image-alt (critical)" in message
        assert "color-contrast (serious)" in message
        assert "<img" in message
    finally:
        context.close()
