"""Buddies: a buddy sees their new hires with the next step (on My coffee and New hires),
and an organiser chooses a buddy by hand when every buddy is at their limit."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.coffee.models import Pairing
from hallway.onboarding.models import OnboardingStep, OnboardingTrack, StepKind
from hallway.onboarding.reasons import CHOSEN_BY_HAND, buddy_room_text
from hallway.onboarding.services.planning import (
    NO_BUDDY_CAPACITY,
    onboarding_buddy_choose,
    onboarding_track_plan,
)
from hallway.onboarding.services.setup import buddy_volunteer_save
from tests.onboarding.test_planning import NOW, company, new_hire  # noqa: F401
from tests.onboarding.test_views import planned, sign_in_as  # noqa: F401


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def full(planned):  # noqa: F811
    """Sam (the only buddy, limit 1) looks after Nina; Olga, planned next, has no buddy."""
    olga = new_hire(planned, "Olga Other", days_ahead=8)
    track = onboarding_track_plan(person=olga, now=NOW)
    return {**planned, "olga": olga, "olga_track": track}


def buddy_step(track):
    return OnboardingStep.objects.get(template=track.template, kind=StepKind.BUDDY)


def test_the_buddy_sees_their_new_hire_and_the_next_step_on_my_coffee(client, planned):  # noqa: F811
    sam = planned["people"]["sales0"]
    sign_in_as(client, sam)
    html = client.get(reverse("coffee:my_coffee")).content.decode()
    assert "Your new hire as a buddy" in html
    assert "Nina New" in html
    assert "Next: week 1, A buddy – Sam Sales0" in html
    assert "meet by Sun 15 Mar 2026" in html
    assert reverse("onboarding:track", kwargs={"pk": planned["track"].pk}) in html


def test_someone_who_is_nobodys_buddy_sees_no_buddy_panel(client, planned):  # noqa: F811
    sign_in_as(client, planned["people"]["mobile0"])
    assert "as a buddy" not in client.get(reverse("coffee:my_coffee")).content.decode()


def test_the_next_step_moves_on_once_met(client, planned):  # noqa: F811
    track, nina = planned["track"], planned["nina"]
    first = Pairing.objects.filter(onboarding_meeting__track=track).order_by("due_on").first()
    first.members.filter(person=nina).update(outcome="met")
    sign_in_as(client, planned["people"]["sales0"])
    html = client.get(reverse("coffee:my_coffee")).content.decode()
    assert "Next: week 2, A teammate" in html
    assert "1 of 5 met" in html


def test_the_buddy_sees_their_new_hire_on_new_hires(client, planned):  # noqa: F811
    sign_in_as(client, planned["people"]["sales0"])
    html = client.get(reverse("onboarding:overview")).content.decode()
    assert "Your new hire as a buddy" in html
    assert "Next: week 1, A buddy" in html
    track_url = reverse("onboarding:track", kwargs={"pk": planned["track"].pk})
    assert client.get(track_url).status_code == 200


def test_the_planner_records_the_gap_when_every_buddy_is_full(full):
    assert full["olga_track"].buddy is None
    step = buddy_step(full["olga_track"])
    assert {"step": step.pk, "reason": NO_BUDDY_CAPACITY} in full["olga_track"].unfilled


def test_buddy_room_text():
    assert buddy_room_text(volunteers=4, full=4, limits=[2, 2, 2, 2]) == (
        "all 4 buddies are at their limit of 2 new hires"
    )
    assert buddy_room_text(volunteers=2, full=2, limits=[1, 3]) == (
        "all 2 buddies are at their limit of 1 to 3 new hires"
    )
    assert buddy_room_text(volunteers=3, full=1, limits=[2]) == (
        "2 of 3 buddies have room for another new hire"
    )
    assert buddy_room_text(volunteers=0, full=0, limits=[]) == (
        "nobody has volunteered as a buddy yet"
    )


def test_choosing_a_buddy_by_hand_is_stored_like_an_engine_pick(full):
    sam, track = full["people"]["sales0"], full["olga_track"]
    step = buddy_step(track)
    chosen = onboarding_buddy_choose(track=track, buddy=sam, now=NOW)
    assert chosen.buddy == sam
    assert chosen.unfilled == []
    pairing = Pairing.objects.get(onboarding_meeting__track=track, onboarding_meeting__step=step)
    assert pairing.reasons == [CHOSEN_BY_HAND]
    assert pairing.round is None
    assert {m.person for m in pairing.members.all()} == {full["olga"], sam}
    assert pairing.video_url
    # Once chosen there is nothing left to choose.
    with pytest.raises(ValidationError):
        onboarding_buddy_choose(track=track, buddy=full["people"]["mobile0"], now=NOW)


def test_the_manager_or_the_new_hire_is_no_buddy(full):
    track = full["olga_track"]
    for wrong in (full["people"]["lead"], full["olga"]):
        with pytest.raises(ValidationError):
            onboarding_buddy_choose(track=track, buddy=wrong, now=NOW)
    assert OnboardingTrack.objects.get(pk=track.pk).buddy is None


def test_the_organiser_sees_why_and_chooses_by_hand(client, full):
    sign_in_as(client, full["people"]["ceo"], Role.ORGANISER)
    track = full["olga_track"]
    url = reverse("onboarding:track", kwargs={"pk": track.pk})
    html = client.get(url).content.decode()
    assert "Choose a buddy by hand" in html
    assert "the only buddy is at their limit of 1 new hire" in html
    assert "Sam Sales0 (1 of 1 new hires)" in html
    sam = full["people"]["sales0"]
    response = client.post(
        reverse("onboarding:buddy_choose", kwargs={"pk": track.pk}), {"buddy": sam.pk}
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Sam Sales0 is the buddy of Olga Other now." in html
    assert "chosen by hand by an organiser" in html
    assert "Choose a buddy by hand" not in html


def test_choosing_nobody_says_so(client, full):
    sign_in_as(client, full["people"]["ceo"], Role.ORGANISER)
    track = full["olga_track"]
    response = client.post(reverse("onboarding:buddy_choose", kwargs={"pk": track.pk}), {})
    assert response.status_code == 400
    assert "Choose a buddy." in response.content.decode()


def test_members_cannot_choose_a_buddy(client, full):
    sign_in_as(client, full["people"]["lead"])
    url = reverse("onboarding:buddy_choose", kwargs={"pk": full["olga_track"].pk})
    assert client.post(url, {"buddy": full["people"]["sales0"].pk}).status_code == 404
    assert OnboardingTrack.objects.get(pk=full["olga_track"].pk).buddy is None


def test_a_new_buddy_volunteer_makes_room(client, full):
    buddy_volunteer_save(organisation=full["org"], person=full["people"]["mobile1"], capacity=2)
    sign_in_as(client, full["people"]["ceo"], Role.ORGANISER)
    html = client.get(
        reverse("onboarding:track", kwargs={"pk": full["olga_track"].pk})
    ).content.decode()
    assert "1 of 2 buddies have room for another new hire" in html
