"""Each client's own rhythm decides who has gone quiet; a colleague's touch resets a cadence."""

import datetime
import math

import pytest

from hallway.relationships.models import Company, ContactKind, Order, TouchKind
from hallway.relationships.selectors.queue import quiet_companies, reach_out_queue
from hallway.relationships.services.orders import order_record
from hallway.relationships.services.rhythms import rhythms_recount
from hallway.relationships.services.touches import touch_record
from hallway.relationships.tasks import relationships_rhythms
from tests.factories import make_company, make_contact

FIRST = datetime.date(2025, 6, 2)


def _orders(organisation, company, every_days, until):
    """Orders every `every_days` from FIRST up to `until` (a year and more of history)."""
    day, rows = FIRST, []
    while day <= until:
        rows.append(Order(organisation=organisation, company=company, title="Order", at=day))
        day += datetime.timedelta(days=every_days)
    Order.objects.bulk_create(rows)
    Company.objects.filter(pk=company.pk).update(last_order_on=rows[-1].at)
    return rows[-1].at


@pytest.fixture
def clients(acme, alice):
    """Weekly, monthly and quarterly clients whose last orders were 35, 70 and 60 days ago,
    and a weekly and a monthly one that are on time."""
    today = datetime.date(2026, 12, 7)
    made = {}
    for name, every, silent in (
        ("Weekly & Co", 7, 35),
        ("Monthly GmbH", 30, 70),
        ("Quarterly BV", 91, 60),
        ("Weekly on time", 7, 3),
        ("Monthly on time", 30, 35),
    ):
        company = make_company(acme, name)
        company.owners.add(alice)
        last = today - datetime.timedelta(days=silent)
        # Orders every `every` days ending exactly on `last`.
        start = last - datetime.timedelta(days=every * ((last - FIRST).days // every))
        day, rows = start, []
        while day <= last:
            rows.append(Order(organisation=acme, company=company, title="Order", at=day))
            day += datetime.timedelta(days=every)
        Order.objects.bulk_create(rows)
        Company.objects.filter(pk=company.pk).update(last_order_on=last)
        made[name] = company
    rhythms_recount(organisation=acme, today=today)
    return today, made


def _quiet_names(acme, today):
    return [quiet.company.name for quiet in quiet_companies(organisation=acme, today=today)]


def test_quiet_is_judged_against_each_clients_own_rhythm(acme, clients):
    today, made = clients
    quiet = _quiet_names(acme, today)
    # The weekly client at day 35 and the monthly one at day 70 have gone quiet; the
    # quarterly client at day 60 is fine, as are the ones on time.
    assert set(quiet) == {"Weekly & Co", "Monthly GmbH"}
    # Five weeks of silence from a weekly client is the louder alarm.
    assert quiet[0] == "Weekly & Co"
    quarterly = Company.objects.get(pk=made["Quarterly BV"].pk)
    assert quarterly.rhythm_basis == "orders"
    assert quarterly.quiet_score < 1
    weekly = Company.objects.get(pk=made["Weekly & Co"].pk)
    assert round(weekly.usual_gap_days) == 7
    assert weekly.quiet_score > 1


def test_the_quiet_list_says_why(acme, clients):
    today, _made = clients
    [weekly, _monthly] = quiet_companies(organisation=acme, today=today)
    assert weekly.usual_gap_days == 7
    assert weekly.days_since_last == 35
    assert weekly.reason == "No order for 35 days; usually one every 7 days."


def test_the_quarterly_client_goes_quiet_in_its_own_time(acme, clients):
    today, _made = clients
    later = today + datetime.timedelta(days=120)
    assert "Quarterly BV" in _quiet_names(acme, later)


def test_a_new_order_brings_a_quiet_client_back_at_once(acme, alice, clients):
    today, made = clients
    order_record(organisation=acme, company=made["Weekly & Co"], title="Back", at=today)
    assert "Weekly & Co" not in _quiet_names(acme, today)


def test_quiet_clients_are_in_their_owners_queue(acme, alice, bob, clients):
    today, _made = clients
    alices = reach_out_queue(user=alice, organisation=acme, today=today)
    assert [item.company.name for item in alices if item.kind == "quiet"] == [
        "Weekly & Co",
        "Monthly GmbH",
    ]
    assert reach_out_queue(user=bob, organisation=acme, today=today) == []


def test_a_touch_by_a_colleague_resets_a_contacts_cadence(acme, alice, bob):
    today = datetime.date(2026, 12, 7)
    company = make_company(acme, "Brightside GmbH")
    nina = make_contact(acme, "Nina Vogel", company=company, owners=[alice], cadence_days=14)
    met = datetime.datetime(2026, 11, 9, 10, tzinfo=datetime.UTC)
    touch_record(organisation=acme, kind=TouchKind.CALL, at=met, contacts=[nina], by=alice)
    [item] = reach_out_queue(user=alice, organisation=acme, today=today)
    assert (item.kind, item.contact, item.score) == ("cadence", nina, 2.0)
    assert item.reason == "Keep in touch every 14 days; last touch 28 days ago."
    # Bob, who does not own Nina, calls her: Alice's cadence is reset too.
    yesterday = datetime.datetime(2026, 12, 6, 15, tzinfo=datetime.UTC)
    touch_record(organisation=acme, kind=TouchKind.VIDEO, at=yesterday, contacts=[nina], by=bob)
    assert reach_out_queue(user=alice, organisation=acme, today=today) == []


def test_a_candidate_waiting_ten_working_days_is_in_the_queue(acme, alice):
    today = datetime.date(2026, 12, 7)  # a Monday
    created = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    waiting = make_contact(
        acme, "Cleo Kandidat", owners=[alice], kind=ContactKind.CANDIDATE, created_at=created
    )
    heard = make_contact(
        acme, "Carl Recent", owners=[alice], kind=ContactKind.CANDIDATE, created_at=created
    )
    # Nine working days ago (Wednesday a week and a half before): not yet.
    touch_record(
        organisation=acme,
        kind=TouchKind.EMAIL,
        at=datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.UTC),
        contacts=[heard],
    )
    [item] = reach_out_queue(user=alice, organisation=acme, today=today)
    assert (item.kind, item.contact) == ("candidate", waiting)
    assert "57 % lose interest" in item.reason


def test_a_young_company_is_judged_against_the_organisations_usual_gap(acme):
    today = datetime.date(2026, 12, 7)
    young = make_company(acme, "Fresh Start")
    order_record(
        organisation=acme, company=young, title="First", at=today - datetime.timedelta(days=80)
    )
    young.refresh_from_db()
    assert young.rhythm_basis == "prior"
    assert round(young.usual_gap_days) == 30
    [quiet] = quiet_companies(organisation=acme, today=today)
    assert quiet.company == young
    assert "too little history" in quiet.reason


def test_another_organisations_companies_are_never_listed(acme, globex, clients):
    today, _made = clients
    assert quiet_companies(organisation=globex, today=today) == []


def test_a_company_without_orders_keeps_the_rhythm_of_its_touches(acme):
    today = datetime.date(2026, 12, 7)
    company = make_company(acme, "Talk Only AG")
    nina = make_contact(acme, "Nina Vogel", company=company)
    for n in range(1, 16):
        at = datetime.datetime.combine(
            today - datetime.timedelta(days=14 * n), datetime.time(23, 30), tzinfo=datetime.UTC
        )
        touch_record(organisation=acme, kind=TouchKind.EMAIL, at=at, contacts=[nina])
    assert rhythms_recount(organisation=acme, today=today) == 1
    company.refresh_from_db()
    assert company.rhythm_basis == "touches"
    assert 14 <= company.usual_gap_days < 16
    # Quiet counted from the last touch's day (in UTC, although it was late in the evening).
    last = today - datetime.timedelta(days=14)
    assert company.quiet_on == last + datetime.timedelta(days=math.ceil(company.quiet_after_days))
    assert quiet_companies(organisation=acme, today=today) == []
    # Counting again changes nothing but the time of the count.
    before = Company.objects.values("usual_gap_days", "quiet_after_days", "quiet_on").get()
    rhythms_recount(organisation=acme, today=today)
    assert Company.objects.values("usual_gap_days", "quiet_after_days", "quiet_on").get() == before


def test_the_nightly_job_counts_every_organisation(acme, globex, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 7, 2, 20, tzinfo=datetime.UTC))
    for organisation in (acme, globex):
        company = make_company(organisation, "Client")
        order_record(
            organisation=organisation, company=company, title="One", at=datetime.date(2026, 11, 1)
        )
    Company.objects.update(rhythm_basis="", usual_gap_days=None)
    assert relationships_rhythms.call() == 2
    assert set(Company.objects.values_list("rhythm_basis", flat=True)) == {"prior"}
