"""Contractor care's pages: the Contractors tab, a placement, recording, changing and
ending one (organisers), and a client's feedback page with k-suppression."""

import datetime

import pytest

from hallway.outreach.models import Placement, PlacementStatus
from hallway.outreach.services.care import care_run_due, check_in_answer
from tests.outreach.care_helpers import NOW, client_of, contractor_of, place
from tests.outreach.test_care_feedback import rate

D = datetime.date


@pytest.fixture
def placement(acme, alice):
    return place(acme, alice, starts_on=D(2026, 10, 1), ends_on=D(2027, 6, 30))


def answered(acme, placement):
    care_run_due(organisation=acme, now=NOW)
    check_in = placement.check_ins.exclude(sent_at=None).get()
    check_in_answer(check_in=check_in, score=2, comment="Secret worry", wants_call=True, now=NOW)
    return check_in


def test_the_contractors_tab_lists_active_placements(alice_client, acme, placement):
    answered(acme, placement)
    page = alice_client.get("/outreach/contractors/").content.decode()
    assert "Lena Fischer" in page
    assert "Brightside GmbH" in page
    assert "2 of 5" in page  # the last score, for the owner
    assert 'aria-current="page"' in page


def test_a_member_reads_placements_without_the_named_answers(bob_client, acme, placement):
    answered(acme, placement)
    listing = bob_client.get("/outreach/contractors/").content.decode()
    assert "Lena Fischer" in listing
    assert "2 of 5" not in listing
    detail = bob_client.get(f"/outreach/contractors/{placement.pk}/")
    assert detail.status_code == 200
    assert "Secret worry" not in detail.content.decode()
    assert bob_client.get("/outreach/contractors/new/").status_code == 404


def test_the_owner_sees_the_plan_and_the_answers(alice_client, acme, placement):
    answered(acme, placement)
    page = alice_client.get(f"/outreach/contractors/{placement.pk}/").content.decode()
    assert "Secret worry" in page
    assert "Two weeks before the end" in page


def test_an_organiser_records_changes_and_ends_a_placement(alice_client, acme, alice):
    contractor = contractor_of(acme, "Tom Jansen", language="nl")
    company = client_of(acme, "Oakridge")
    response = alice_client.post(
        "/outreach/contractors/new/",
        {
            "contractor": contractor.pk,
            "company": company.pk,
            "starts_on": "2026-12-01",
            "ends_on": "2027-05-31",
            "owner": alice.pk,
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get(contractor=contractor)
    assert placement.check_ins.count() == 5
    response = alice_client.post(
        f"/outreach/contractors/{placement.pk}/edit/",
        {"company": company.pk, "starts_on": "2026-12-01", "ends_on": "", "owner": alice.pk},
    )
    assert response.status_code == 302
    assert placement.check_ins.count() == 3
    response = alice_client.post(
        f"/outreach/contractors/{placement.pk}/end/", {"ended_on": "2027-01-10"}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.ends_on) == (PlacementStatus.ENDED, D(2027, 1, 10))
    assert list(placement.check_ins.values_list("kind", flat=True)) == ["day_30"]


def test_an_end_before_the_start_is_refused(alice_client, acme, alice):
    contractor = contractor_of(acme)
    response = alice_client.post(
        "/outreach/contractors/new/",
        {
            "contractor": contractor.pk,
            "company": client_of(acme).pk,
            "starts_on": "2026-12-01",
            "ends_on": "2026-11-01",
            "owner": alice.pk,
        },
    )
    assert response.status_code == 400
    assert not Placement.objects.exists()


def test_another_organisations_placement_is_404(mallory_client, placement):
    assert mallory_client.get(f"/outreach/contractors/{placement.pk}/").status_code == 404
    company = placement.company
    assert mallory_client.get(f"/outreach/contractors/clients/{company.pk}/").status_code == 404


def test_a_clients_feedback_page_with_four_answers_shows_nothing(bob_client, acme):
    company = client_of(acme)
    rate(acme, company, 4)
    page = bob_client.get(f"/outreach/contractors/clients/{company.pk}/").content.decode()
    assert "hidden: fewer than 5 answers" in page
    for secret in ("Great team", "Too many meetings", "Fair pay", "3.0"):
        assert secret not in page


def test_a_clients_feedback_page_with_five_answers_shows_the_aggregate_only(bob_client, acme):
    company = client_of(acme)
    rate(acme, company, 5)
    page = bob_client.get(f"/outreach/contractors/clients/{company.pk}/").content.decode()
    assert "3.0" in page
    assert "Great team" in page  # comments, without anything that says whose or when
    assert "Lena" not in page


def test_all_clients_together_never_give_a_hidden_client_away(bob_client, acme):
    big, small = client_of(acme, "Big"), client_of(acme, "Small")
    rate(acme, big, 6)
    rate(acme, small, 2)
    together = bob_client.get("/outreach/contractors/clients/")
    assert together.status_code == 200
    big_page = bob_client.get(f"/outreach/contractors/clients/{big.pk}/").content.decode()
    protected = "hidden: it would give away a smaller group"
    assert protected in together.content.decode() or protected in big_page
