"""The jobs pages: members read, organisers change stages, add candidates and freeze hiring
(after a preview in each candidate's language)."""

import datetime

import pytest
from django.urls import reverse

from hallway.outreach.models import Candidacy, Freeze, PersonalMessage, Source, Stage
from hallway.outreach.services.freezes import freeze_announce
from tests.outreach.jobs_helpers import MONDAY, make_candidate, staff_job


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY)


@pytest.fixture
def job(acme, alice):
    return staff_job(acme, alice)[0]


def test_the_jobs_tab_lists_open_jobs_with_stage_counts_and_the_freeze(
    bob_client, acme, alice, job
):
    page = bob_client.get(reverse("outreach:jobs"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Backend Engineer" in text
    assert "Applied: 2" in text
    assert "Hiring paused" not in text
    freeze_announce(
        organisation=acme,
        order=job,
        stages=["applied"],
        resume_on=datetime.date(2026, 12, 21),
        by=alice,
        now=MONDAY,
    )
    assert "Hiring paused until" in bob_client.get(reverse("outreach:jobs")).content.decode()


def test_a_member_reads_the_job_but_changes_nothing(bob_client, job):
    page = bob_client.get(reverse("outreach:job", args=[job.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lena Vogel" in text
    assert "Announce the freeze" not in text
    candidacy = Candidacy.objects.get(contact__name="Lena Vogel")
    answer = bob_client.post(
        reverse("outreach:candidacy_stage", args=[candidacy.pk]),
        {f"c{candidacy.pk}-stage": "interview"},
    )
    assert answer.status_code == 404
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.SCREENING


def test_an_organiser_changes_a_stage_and_tells_the_candidate(alice_client, job):
    candidacy = Candidacy.objects.get(contact__name="Lena Vogel")
    answer = alice_client.post(
        reverse("outreach:candidacy_stage", args=[candidacy.pk]),
        {f"c{candidacy.pk}-stage": "interview", f"c{candidacy.pk}-notify": "on"},
    )
    assert answer.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.INTERVIEW
    message = PersonalMessage.objects.get(source=Source.STAGE)
    assert message.language == "de"


def test_an_organiser_adds_a_candidate(alice_client, acme, job):
    rui = make_candidate(acme, "Rui Costa", "en")
    page = alice_client.get(reverse("outreach:job", args=[job.pk]))
    assert "Rui Costa" in page.content.decode()
    answer = alice_client.post(
        reverse("outreach:candidate_add", args=[job.pk]), {"contact": rui.pk, "stage": "applied"}
    )
    assert answer.status_code == 302
    assert Candidacy.objects.filter(order=job, contact=rui).exists()


def test_the_freeze_preview_shows_each_language_and_announcing_tells_them(alice_client, job):
    url = reverse("outreach:job_freeze", args=[job.pk])
    data = {"stages": ["applied", "screening"], "resume_on": "2026-12-21", "message": ""}
    preview = alice_client.post(url, {**data, "preview": "1"}, headers={"HX-Request": "true"})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "3 candidates will be told." in text
    assert 'lang="de"' in text
    assert 'lang="nl"' in text
    assert "Emma" in text
    assert not Freeze.objects.exists()
    answer = alice_client.post(url, data)
    assert answer.status_code == 302
    freeze = Freeze.objects.get()
    assert freeze.notified == 3
    page = alice_client.get(reverse("outreach:job", args=[job.pk])).content.decode()
    assert "Told 3 candidates." in page
    assert "Lift now" in page
    assert "Not told" not in page


def test_the_job_page_names_who_the_freeze_could_not_reach(alice_client, acme, alice, job):
    emma = Candidacy.objects.get(contact__name="Emma Clark").contact
    emma.email = ""
    emma.save()
    freeze_announce(
        organisation=acme,
        order=job,
        stages=["applied"],
        resume_on=datetime.date(2026, 12, 21),
        by=alice,
        now=MONDAY,
    )
    page = alice_client.get(reverse("outreach:job", args=[job.pk])).content.decode()
    assert "Told one candidate." in page
    assert "Not told (no address, or unsubscribed): Emma Clark" in page


def test_a_bad_freeze_shows_the_problems_and_changes_nothing(alice_client, job):
    url = reverse("outreach:job_freeze", args=[job.pk])
    answer = alice_client.post(url, {"stages": ["applied"], "resume_on": "2026-12-01"})
    assert answer.status_code == 422
    assert "Choose a resume date after today." in answer.content.decode()
    assert not Freeze.objects.exists()


def test_lifting_sends_the_news_now(alice_client, acme, alice, job):
    freeze = freeze_announce(
        organisation=acme,
        order=job,
        stages=["applied"],
        resume_on=datetime.date(2026, 12, 21),
        by=alice,
        now=MONDAY,
    )
    answer = alice_client.post(reverse("outreach:freeze_lift", args=[freeze.pk]))
    assert answer.status_code == 302
    freeze.refresh_from_db()
    assert freeze.lifted_at is not None
    assert PersonalMessage.objects.filter(source=Source.FREEZE_FOLLOW_UP).count() == 2


def test_another_organisations_job_is_a_404(mallory_client, job):
    assert mallory_client.get(reverse("outreach:job", args=[job.pk])).status_code == 404
