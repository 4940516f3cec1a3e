"""Candidates on jobs: added once, moved on, told in their own language."""

import pytest
from django.core.exceptions import ValidationError

from hallway.outreach.models import Candidacy, PersonalMessage, SenderProfile, Source, Stage
from hallway.outreach.services.candidates import candidacy_add, candidacy_stage_set
from hallway.relationships.models import ContactKind
from tests.factories import make_contact
from tests.outreach.jobs_helpers import MONDAY, make_candidate, make_job, translated

INTERVIEW_TEXT = (
    "Good news: the client would like to meet you for %(job)s. I will get in touch "
    "shortly to find a time that suits you and to help you prepare."
)


def test_a_candidate_is_added_once_per_job(acme, alice):
    job = make_job(acme)
    emma = make_candidate(acme, "Emma Clark")
    first = candidacy_add(order=job, contact=emma, stage=Stage.APPLIED, owner=alice, now=MONDAY)
    again = candidacy_add(order=job, contact=emma, stage=Stage.OFFER, owner=None, now=MONDAY)
    assert first.pk == again.pk
    assert again.stage == Stage.APPLIED
    assert Candidacy.objects.count() == 1


def test_only_a_contact_of_kind_other_becomes_a_candidate(acme, alice):
    job = make_job(acme)
    other = make_contact(acme, "Rui Costa", kind=ContactKind.OTHER)
    client = make_contact(acme, "Megan Brooks", kind=ContactKind.CLIENT)
    candidacy_add(order=job, contact=other, stage=Stage.APPLIED, owner=alice, now=MONDAY)
    candidacy_add(order=job, contact=client, stage=Stage.APPLIED, owner=alice, now=MONDAY)
    other.refresh_from_db()
    client.refresh_from_db()
    assert other.kind == ContactKind.CANDIDATE
    assert client.kind == ContactKind.CLIENT


def test_bad_input_is_refused_with_every_problem(acme, alice, globex, mallory):
    job = make_job(acme)
    stranger = make_contact(globex, "Eve Other")
    with pytest.raises(ValidationError) as caught:
        candidacy_add(order=job, contact=stranger, stage="hired-ish", owner=mallory, now=MONDAY)
    assert set(caught.value.message_dict) == {"contact", "stage", "owner"}
    assert not Candidacy.objects.exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "would like to meet you"),
        ("de", "möchte Sie"),
        ("nl", "wil je"),
    ],
)
def test_a_stage_change_tells_the_candidate_in_their_language(acme, alice, language, words):
    job = make_job(acme)
    person = make_candidate(acme, "Kim Jansen", language)
    candidacy = candidacy_add(
        order=job, contact=person, stage=Stage.SCREENING, owner=alice, now=MONDAY
    )
    message = candidacy_stage_set(
        candidacy=candidacy, stage=Stage.INTERVIEW, now=MONDAY, notify=True, by=alice
    )
    assert message is not None
    assert message.source == Source.STAGE
    assert message.key == f"stage:{candidacy.pk}:interview:2026-12-07"
    assert message.language == language
    assert message.owner == alice
    assert "Kim" in message.body
    assert "Backend Engineer" in message.subject
    if language != "en":
        translated(language, INTERVIEW_TEXT)
    assert words in message.body
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.INTERVIEW
    assert candidacy.stage_changed_at == MONDAY


def test_without_notify_or_without_a_change_nobody_is_told(acme, alice):
    job = make_job(acme)
    candidacy = candidacy_add(
        order=job,
        contact=make_candidate(acme, "Emma Clark"),
        stage="applied",
        owner=alice,
        now=MONDAY,
    )
    assert (
        candidacy_stage_set(
            candidacy=candidacy, stage="screening", now=MONDAY, notify=False, by=alice
        )
        is None
    )
    assert (
        candidacy_stage_set(
            candidacy=candidacy, stage="screening", now=MONDAY, notify=True, by=alice
        )
        is None
    )
    assert not PersonalMessage.objects.exists()
    with pytest.raises(ValidationError):
        candidacy_stage_set(candidacy=candidacy, stage="nope", now=MONDAY, notify=True, by=alice)


def test_the_recruiters_signature_replaces_the_name_under_the_text(acme, alice):
    SenderProfile.objects.create(organisation=acme, user=alice, signature="Alice\nAcme")
    job = make_job(acme)
    candidacy = candidacy_add(
        order=job,
        contact=make_candidate(acme, "Emma Clark"),
        stage="applied",
        owner=alice,
        now=MONDAY,
    )
    message = candidacy_stage_set(
        candidacy=candidacy, stage="rejected", now=MONDAY, notify=True, by=alice
    )
    assert message is not None
    assert message.body.rstrip().endswith("Warm regards,")
