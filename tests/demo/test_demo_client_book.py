"""The demo's client book tells its story: rhythms, quiet clients, a full queue, privacy."""

import datetime
import itertools
import statistics
from collections import Counter, defaultdict

import pytest
from django.db.models import Max
from django.test import override_settings

from hallway.accounts.models import Membership, Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.demo.client_book import client_book_plan, demo_client_book_seed
from hallway.demo.data import DEMO_SLUG, LOGINS
from hallway.demo.seed import demo_seed
from hallway.relationships.models import (
    Company,
    CompanyKind,
    Contact,
    ContactKind,
    Detail,
    Direction,
    Note,
    Order,
    Touch,
    TouchKind,
    TouchSource,
    Visibility,
)
from hallway.relationships.selectors.visibility import details_visible_to, notes_visible_to

TODAY = datetime.date(2025, 3, 3)
NOON = datetime.datetime(2025, 3, 3, 12, 0, tzinfo=datetime.UTC)
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ORGANISER = "organiser@demo.hallway.test"
ADMIN = "admin@demo.hallway.test"
MEMBER = "member@demo.hallway.test"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHING):
        summary = demo_seed(today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        Organisation.objects.filter(slug=DEMO_SLUG).delete()
        User.objects.filter(email__in=[login.email for login in LOGINS]).delete()


@pytest.fixture
def organisation(demo):
    return demo.organisation


def order_days(organisation):
    days = defaultdict(list)
    for company_id, at in scoped(Order, organisation).order_by("at").values_list("company", "at"):
        days[company_id].append(at)
    return days


def rhythms(organisation):
    """Each client's usual gap (median days between orders) and days since its last order."""
    result = {}
    for company_id, days in order_days(organisation).items():
        gaps = [(b - a).days for a, b in itertools.pairwise(days)]
        result[company_id] = (statistics.median(gaps), (TODAY - days[-1]).days)
    return result


def test_the_book_has_the_promised_shape(db, organisation, demo):
    companies = scoped(Company, organisation)
    contacts = scoped(Contact, organisation)
    assert companies.count() >= 55
    assert contacts.count() >= 180
    assert demo.client_book.companies == companies.count()
    kinds = Counter(companies.values_list("kind", flat=True))
    assert kinds[CompanyKind.CLIENT] >= 40
    assert kinds[CompanyKind.PROSPECT] >= 5
    assert kinds[CompanyKind.PARTNER] >= 2
    assert {c.language for c in companies} == {"de", "nl", "en"}
    zones = {c.timezone.split("/")[0] for c in companies}
    assert {"Europe", "America", "Asia", "Australia", "Africa"} <= zones
    candidates = contacts.filter(kind=ContactKind.CANDIDATE)
    assert candidates.count() >= 15
    assert not candidates.exclude(company=None).exists()
    assert all(c.consent_on and c.legal_basis == "consent" for c in candidates)
    contractors = contacts.filter(kind=ContactKind.CONTRACTOR)
    assert contractors.filter(company=None).exists()
    assert contractors.filter(company__kind=CompanyKind.PARTNER).exists()
    assert not contacts.filter(source="").exists()
    assert contacts.exclude(tags=None).count() >= 60
    assert contacts.exclude(cadence_days=None).count() >= 60


def test_every_company_and_contact_passes_the_models_validation(db, organisation):
    for company in scoped(Company, organisation):
        company.full_clean()
    contacts = list(scoped(Contact, organisation).select_related("company"))
    for contact in contacts:
        contact.full_clean()
        assert contact.email.endswith(".example"), contact.email
    emails = [c.email for c in contacts]
    assert len(set(emails)) == len(emails)


def test_two_years_of_orders_only_for_clients(db, organisation):
    orders = scoped(Order, organisation)
    oldest = orders.order_by("at").first().at
    assert 700 <= (TODAY - oldest).days <= 731
    assert not orders.filter(at__gt=TODAY).exists()
    assert not orders.exclude(company__kind=CompanyKind.CLIENT).exists()
    for kind in (CompanyKind.PROSPECT, CompanyKind.PARTNER):
        for company in scoped(Company, organisation).filter(kind=kind):
            assert company.touches.exists(), company
    assert set(orders.values_list("status", flat=True)) >= {"open", "filled", "cancelled"}


def test_clients_order_weekly_monthly_and_quarterly(db, organisation):
    gaps = [gap for gap, _since in rhythms(organisation).values()]
    assert sum(gap <= 8 for gap in gaps) >= 4
    assert sum(12 <= gap <= 16 for gap in gaps) >= 4
    assert sum(25 <= gap <= 35 for gap in gaps) >= 10
    assert sum(80 <= gap <= 110 for gap in gaps) >= 4


def test_a_handful_have_gone_quiet_against_their_own_rhythm(db, organisation):
    quiet = {
        company_id: (gap, since)
        for company_id, (gap, since) in rhythms(organisation).items()
        if since > 2 * gap
    }
    assert 4 <= len(quiet) <= 6
    # A weekly client silent for five weeks or more, a monthly one for over three months.
    assert any(gap <= 8 and since >= 35 for gap, since in quiet.values())
    assert any(25 <= gap <= 35 and since >= 90 for gap, since in quiet.values())
    # Their touches dried up too: nobody has spoken to them since soon after the last order.
    for company in scoped(Company, organisation).filter(pk__in=quiet):
        assert (TODAY - company.last_touch_at.date()).days > quiet[company.pk][0]
        # Someone who signs in to the demo sees them in their queue.
        assert {o.email for o in company.owners.all()} & {ORGANISER, ADMIN}, company
    # Everyone else's last order is within their usual gap.
    others = [v for k, v in rhythms(organisation).items() if k not in quiet]
    assert all(since <= gap for gap, since in others)


def test_the_quarterly_client_at_day_60_is_fine(db, organisation):
    at_sixty = [
        company_id
        for company_id, (gap, since) in rhythms(organisation).items()
        if since == 60 and 80 <= gap <= 100
    ]
    assert len(at_sixty) == 1
    company = scoped(Company, organisation).get(pk=at_sixty[0])
    assert (TODAY - company.last_touch_at.date()).days < 30


def test_the_derived_fields_agree_with_orders_and_touches(db, organisation):
    last_orders = dict(
        scoped(Order, organisation)
        .values("company")
        .annotate(last=Max("at"))
        .values_list("company", "last")
    )
    last_touches = dict(
        scoped(Touch, organisation)
        .values("company")
        .annotate(last=Max("at"))
        .values_list("company", "last")
    )
    for company in scoped(Company, organisation):
        assert company.last_order_on == last_orders.get(company.pk), company
        assert company.last_touch_at == last_touches.get(company.pk), company
    contact_touches = dict(
        scoped(Contact, organisation).annotate(last=Max("touches__at")).values_list("pk", "last")
    )
    for contact in scoped(Contact, organisation):
        assert contact.last_touch_at == contact_touches[contact.pk], contact


def test_touches_by_everyone_of_every_kind_with_summaries(db, organisation):
    touches = scoped(Touch, organisation)
    assert touches.count() >= 1000
    # The projects' 1:1s are touches by people of ours who have no login; a contact's own
    # reply (outreach's demo) has no author of ours.
    authored = touches.exclude(source=TouchSource.PROJECT).exclude(direction=Direction.INBOUND)
    assert set(authored.values_list("by__email", flat=True)) == {login.email for login in LOGINS}
    kinds = set(touches.values_list("kind", flat=True))
    assert {TouchKind.CALL, TouchKind.VIDEO, TouchKind.MEETING, TouchKind.EMAIL} <= kinds
    assert TouchKind.COFFEE in kinds
    assert touches.exclude(summary="").count() > 0.75 * touches.count()
    assert not touches.filter(at__gt=NOON + datetime.timedelta(days=1)).exists()
    assert not touches.filter(contacts=None).exists()


def test_the_organiser_and_the_admin_have_a_full_queue(db, organisation):
    for email in (ORGANISER, ADMIN):
        user = User.objects.get(email=email)
        owned = scoped(Contact, organisation).filter(owners=user)
        assert owned.count() >= 50, email
        overdue = [
            c
            for c in owned.exclude(cadence_days=None).exclude(last_touch_at=None)
            if (NOON - c.last_touch_at).days > c.cadence_days
        ]
        assert len(overdue) >= 5, email
        due = details_visible_to(user, organisation).filter(
            contact__owners=user, ask_next_time=True, due_on__lte=TODAY
        )
        assert due.count() >= 3, email
    waiting = scoped(Contact, organisation).filter(
        kind=ContactKind.CANDIDATE,
        owners__email=ORGANISER,
        last_touch_at__lt=NOON - datetime.timedelta(days=14),
    )
    assert waiting.exists()


def test_the_marathon_and_one_sensitive_detail(db, organisation):
    organiser = User.objects.get(email=ORGANISER)
    marathon = details_visible_to(organiser, organisation).get(text__contains="Köln marathon")
    assert marathon.ask_next_time
    assert marathon.due_on <= TODAY
    run_on = TODAY - datetime.timedelta(days=5)
    assert f"on {run_on.day} {run_on:%B}" in marathon.text
    sensitive = scoped(Detail, organisation).get(sensitive=True)
    assert sensitive.visibility == Visibility.PRIVATE
    assert sensitive.ask_next_time
    assert sensitive.due_on <= TODAY
    others = User.objects.filter(email__in=[ORGANISER, MEMBER]).exclude(pk=sensitive.author_id)
    for user in others:
        assert not details_visible_to(user, organisation).filter(pk=sensitive.pk).exists()


def test_notes_are_mostly_private_and_by_different_authors(db, organisation):
    notes = scoped(Note, organisation)
    assert notes.count() >= 100
    private = notes.filter(visibility=Visibility.PRIVATE)
    assert private.count() > notes.count() / 2
    assert len(set(private.values_list("author", flat=True))) >= 3
    assert notes.filter(visibility=Visibility.OWNERS).exists()
    assert notes.filter(visibility=Visibility.ORGANISATION).exists()
    assert notes.exclude(company=None).exists()
    member = User.objects.get(email=MEMBER)
    seen = notes_visible_to(member, organisation)
    assert not seen.filter(visibility=Visibility.PRIVATE).exclude(author=member).exists()


def demo_users():
    return {u.email: u for u in User.objects.filter(email__in=[lg.email for lg in LOGINS])}


def test_the_plan_is_deterministic_and_only_dates_follow_today(db, organisation):
    def plan(today):
        return client_book_plan(organisation=organisation, users=demo_users(), today=today)

    def shape(book):
        return (
            [data["name"] for _company, data in book.companies],
            [(p.contact.name, p.contact.email, p.contact.cadence_days) for p in book.contacts],
            [(o.title, o.status) for o in book.orders],
            [(t.kind, t.summary, t.by.email) for t, _contacts in book.touches],
            [(d.author.email, d.visibility) for d in book.details],
            [(n.text, n.author.email, n.visibility) for n in book.notes],
        )

    first, again = plan(TODAY), plan(TODAY)
    assert shape(first) == shape(again)
    assert [o.at for o in first.orders] == [o.at for o in again.orders]
    # Two weeks later (the same weekday, so nothing moves off a weekend): the same book,
    # every date two weeks later.
    shift = datetime.timedelta(days=14)
    later = plan(TODAY + shift)
    assert shape(later) == shape(first)
    assert all(b.at - a.at == shift for a, b in zip(first.orders, later.orders, strict=True))
    assert all(
        b.at - a.at == shift for (a, _), (b, _) in zip(first.touches, later.touches, strict=True)
    )


@pytest.mark.parametrize("days", [1, 3, 5, 6])
def test_the_story_holds_on_any_weekday(db, organisation, days):
    today = TODAY + datetime.timedelta(days=days)
    book = client_book_plan(organisation=organisation, users=demo_users(), today=today)
    days_by_company = defaultdict(list)
    for order in book.orders:
        days_by_company[id(order.company)].append(order.at)
    quiet, at_sixty = [], []
    for key, days_ in days_by_company.items():
        days_.sort()
        gap = statistics.median((b - a).days for a, b in itertools.pairwise(days_))
        since = (today - days_[-1]).days
        if since > 2 * gap:
            quiet.append(key)
        elif since > gap:
            pytest.fail(f"a client is late but not quiet: {since} days against {gap}")
        if since == 60 and 80 <= gap <= 100:
            at_sixty.append(key)
    assert 4 <= len(quiet) <= 6
    assert len(at_sixty) == 1


def test_a_second_run_leaves_the_book_alone(db, organisation, demo):
    before = (scoped(Touch, organisation).count(), scoped(Order, organisation).count())
    with override_settings(PASSWORD_HASHERS=FAST_HASHING):
        again = demo_seed(today=TODAY + datetime.timedelta(days=3))
    assert (scoped(Touch, organisation).count(), scoped(Order, organisation).count()) == before
    assert again.client_book == demo.client_book


def test_the_book_is_written_in_bulk(db, demo, django_assert_max_num_queries):
    """Thousands of rows in a few hundred queries (sixty companies through the service,
    everything else in bulk), so `hallway demo` stays quick."""
    other = Organisation.objects.create(slug="book", name="Book", timezone="Europe/Berlin")
    for user in User.objects.filter(email__in=[login.email for login in LOGINS]):
        Membership.objects.create(user=user, organisation=other, role=user.memberships.first().role)
    with django_assert_max_num_queries(500):
        summary = demo_client_book_seed(organisation=other, today=TODAY)
    assert summary.touches >= 1000
    assert summary.orders >= 1000
