"""Onboarding pages: managers see their new hires' progress, organisers everything."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.coffee.models import Pairing
from hallway.onboarding.models import BuddyVolunteer, OnboardingStep, OnboardingTrack, StepKind
from hallway.onboarding.services.planning import onboarding_track_plan
from hallway.onboarding.services.setup import (
    buddy_volunteer_save,
    onboarding_template_default,
)
from hallway.people.models import Person
from tests.conftest import make_user
from tests.onboarding.test_planning import NOW, company, make_person, new_hire  # noqa: F401


@pytest.fixture
def planned(company):  # noqa: F811
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    buddy_volunteer_save(organisation=org, person=people["sales0"], capacity=1)
    nina = new_hire(company, "Nina New")
    track = onboarding_track_plan(person=nina, now=NOW)
    return {**company, "nina": nina, "track": track}


def sign_in_as(client, person, role=Role.MEMBER):
    user = make_user(person.email, person.organisation, role)
    Person.objects.filter(pk=person.pk).update(user=user)
    client.force_login(user)
    return user


@time_machine.travel(NOW, tick=False)
def test_the_manager_sees_their_new_hires_series(client, planned):
    sign_in_as(client, planned["people"]["lead"])
    response = client.get(reverse("onboarding:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nina New" in html
    assert "Week 1: A buddy" in html
    assert "0 of 5 met" in html
    page = client.get(reverse("onboarding:track", kwargs={"pk": planned["track"].pk}))
    assert page.status_code == 200
    assert planned["people"]["sales0"].name in page.content.decode()


# Nina started a week after NOW: four weeks after it her third week is over.
@time_machine.travel(NOW + datetime.timedelta(weeks=4), tick=False)
def test_progress_shows_met_missed_and_no_answer(client, planned):
    track = planned["track"]
    pairings = list(Pairing.objects.filter(onboarding_meeting__track=track).order_by("due_on"))
    pairings[0].members.filter(person=planned["nina"]).update(outcome="met")
    pairings[1].members.exclude(person=planned["nina"]).update(outcome="missed")
    sign_in_as(client, planned["people"]["lead"])
    html = client.get(reverse("onboarding:track", kwargs={"pk": track.pk})).content.decode()
    assert html.count("badge-met") == 1
    assert html.count("badge-missed") == 1
    assert html.count("badge-no_answer") == 1
    assert html.count("badge-planned") == 2


@time_machine.travel(NOW, tick=False)
def test_someone_elses_new_hire_is_hidden_from_other_members(client, planned):
    sign_in_as(client, planned["people"]["mobile0"])
    assert "Nina New" not in client.get(reverse("onboarding:overview")).content.decode()
    url = reverse("onboarding:track", kwargs={"pk": planned["track"].pk})
    assert client.get(url).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_organiser_sees_every_track_in_few_queries(
    client, planned, django_assert_max_num_queries
):
    for i in range(5):
        onboarding_track_plan(person=new_hire(planned, f"More Hire{i}"), now=NOW)
    sign_in_as(client, planned["people"]["ceo"], Role.ORGANISER)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("onboarding:overview"))
    html = response.content.decode()
    assert "Nina New" in html
    assert "More Hire4" in html
    assert "nobody found" in html  # the buddy had room for one new hire only


@time_machine.travel(NOW, tick=False)
def test_the_organiser_sees_the_progress_chart_and_its_csv(client, planned):
    sign_in_as(client, planned["people"]["ceo"], Role.ORGANISER)
    html = client.get(reverse("onboarding:overview")).content.decode()
    assert "Onboarding progress per new hire" in html
    assert reverse("onboarding:progress_csv") in html
    rows = client.get(reverse("onboarding:progress_csv")).content.decode("utf-8-sig").splitlines()
    assert rows[0] == "New hire,Start date,met,missed,no answer,planned,nobody found"
    assert rows[1].startswith("Nina New,")


@time_machine.travel(NOW, tick=False)
def test_members_get_no_chart_and_no_csv(client, planned):
    sign_in_as(client, planned["people"]["lead"])
    assert (
        "Onboarding progress per new hire"
        not in client.get(reverse("onboarding:overview")).content.decode()
    )
    assert client.get(reverse("onboarding:progress_csv")).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_plan_now_button(client, company):  # noqa: F811
    onboarding_template_default(organisation=company["org"])
    new_hire(company, "Nina New")
    sign_in_as(client, company["people"]["ceo"], Role.ORGANISER)
    response = client.post(reverse("onboarding:plan"), follow=True)
    assert "Planned the first weeks of 1 new hire." in response.content.decode()
    assert OnboardingTrack.objects.count() == 1


def test_members_cannot_edit_the_template_or_buddies(client, planned):
    sign_in_as(client, planned["people"]["lead"])
    assert client.get(reverse("onboarding:template")).status_code == 404
    assert client.get(reverse("onboarding:buddies")).status_code == 404
    assert client.post(reverse("onboarding:plan")).status_code == 404


def test_set_up_and_edit_the_template(client, company):  # noqa: F811
    org = company["org"]
    sign_in_as(client, company["people"]["ceo"], Role.ORGANISER)
    url = reverse("onboarding:template")
    assert "Set up onboarding" in client.get(url).content.decode()
    client.post(url)
    steps = list(OnboardingStep.objects.filter(organisation=org).order_by("order"))
    assert len(steps) == 5
    sales = company["teams"]["Sales"]
    data = {
        "name": "First weeks",
        "active": "on",
        "plan_days_ahead": "21",
        "steps-TOTAL_FORMS": "6",
        "steps-INITIAL_FORMS": "5",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
    }
    for i, step in enumerate(steps):
        data |= {
            f"steps-{i}-step_id": step.pk,
            f"steps-{i}-kind": step.kind,
            f"steps-{i}-week": step.week,
        }
    data["steps-2-teams"] = [sales.pk]
    data["steps-3-DELETE"] = "on"
    data |= {"steps-5-kind": StepKind.TEAMMATE, "steps-5-week": "6"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    template = onboarding_template_default(organisation=org)
    assert (template.name, template.plan_days_ahead) == ("First weeks", 21)
    saved = list(template.steps.order_by("order"))
    assert [(s.kind, s.week) for s in saved] == [
        ("buddy", 1),
        ("teammate", 2),
        ("other_team", 3),
        ("leader", 5),
        ("teammate", 6),
    ]
    assert list(saved[2].qualifying_teams.all()) == [sales]


def test_deleting_a_row_with_blank_week_and_kind(client, company):  # noqa: F811
    org = company["org"]
    template = onboarding_template_default(organisation=org)
    steps = list(template.steps.order_by("order"))
    sign_in_as(client, company["people"]["ceo"], Role.ORGANISER)
    data = {
        "name": template.name,
        "active": "on",
        "plan_days_ahead": str(template.plan_days_ahead),
        "steps-TOTAL_FORMS": "6",
        "steps-INITIAL_FORMS": "5",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
    }
    for i, step in enumerate(steps):
        data |= {
            f"steps-{i}-step_id": step.pk,
            f"steps-{i}-kind": step.kind,
            f"steps-{i}-week": step.week,
        }
    data |= {"steps-4-kind": "", "steps-4-week": "", "steps-4-DELETE": "on"}
    data["steps-5-DELETE"] = "on"  # the spare row, blank and deleted
    response = client.post(reverse("onboarding:template"), data)
    assert response.status_code == 302, response.content.decode()
    assert [(s.kind, s.week) for s in template.steps.order_by("order")] == [
        ("buddy", 1),
        ("teammate", 2),
        ("other_team", 3),
        ("other_team", 4),
    ]


def test_invalid_template_changes_nothing(client, company):  # noqa: F811
    org = company["org"]
    template = onboarding_template_default(organisation=org)
    sign_in_as(client, company["people"]["ceo"], Role.ORGANISER)
    response = client.post(
        reverse("onboarding:template"),
        {
            "name": "",
            "plan_days_ahead": "-3",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    template.refresh_from_db()
    assert template.name == "Onboarding"


def test_manage_buddies(client, company):  # noqa: F811
    people = company["people"]
    sign_in_as(client, people["ceo"], Role.ORGANISER)
    url = reverse("onboarding:buddies")
    response = client.post(url, {"person": people["sales1"].pk, "capacity": "2"}, follow=True)
    assert "Sam Sales1 is a buddy now." in response.content.decode()
    volunteer = BuddyVolunteer.objects.get()
    assert volunteer.capacity == 2
    client.post(reverse("onboarding:buddy_edit", kwargs={"pk": volunteer.pk}), {"capacity": "3"})
    volunteer.refresh_from_db()
    assert (volunteer.capacity, volunteer.active) == (3, False)
    client.post(reverse("onboarding:buddy_remove", kwargs={"pk": volunteer.pk}))
    assert not BuddyVolunteer.objects.exists()


def test_the_pages_speak_german(client, planned):
    sign_in_as(client, planned["people"]["ceo"], Role.ORGANISER)
    client.cookies["django_language"] = "de"
    html = client.get(reverse("onboarding:overview"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Neue Kolleg" in html


@time_machine.travel(NOW, tick=False)
def test_the_person_page_shows_the_track_to_the_manager_only(client, planned):
    url = reverse("people:detail", kwargs={"pk": planned["nina"].pk})
    sign_in_as(client, planned["people"]["lead"])
    html = client.get(url).content.decode()
    assert "Onboarding" in html
    assert "0 of 5 met" in html
    client.logout()
    sign_in_as(client, planned["people"]["mobile1"])
    assert "0 of 5 met" not in client.get(url).content.decode()


def test_saving_without_adding_a_step_keeps_the_steps(client, company):  # noqa: F811
    org = company["org"]
    template = onboarding_template_default(organisation=org)
    sign_in_as(client, company["people"]["ceo"], Role.ORGANISER)
    url = reverse("onboarding:template")
    page = client.get(url)
    form = page.context["formset"]
    data = {"name": "Onboarding", "active": "on", "plan_days_ahead": "14"}
    data |= {f"steps-{k}": v for k, v in form.management_form.initial.items()}
    for i, step in enumerate(template.steps.all()):
        data |= {
            f"steps-{i}-step_id": step.pk,
            f"steps-{i}-kind": step.kind,
            f"steps-{i}-week": step.week,
        }
    data |= {"steps-5-kind": "", "steps-5-week": ""}  # the spare row, as the browser sends it
    response = client.post(url, data)
    assert response.status_code == 302
    assert template.steps.count() == 5


def test_the_organiser_looks_again_for_missing_meetings(client, company):  # noqa: F811
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    track = onboarding_track_plan(person=new_hire(company, "Nina New"), now=NOW)
    sign_in_as(client, people["ceo"], Role.ORGANISER)
    page = client.get(reverse("onboarding:track", kwargs={"pk": track.pk}))
    assert "Look again for the missing meetings" in page.content.decode()
    buddy_volunteer_save(organisation=org, person=people["sales1"], capacity=1)
    url = reverse("onboarding:track_fill", kwargs={"pk": track.pk})
    response = client.post(url, follow=True)
    assert "Found someone for 1 more meeting." in response.content.decode()
    track.refresh_from_db()
    assert track.unfilled == []


@time_machine.travel(NOW, tick=False)
def test_the_new_hire_sees_their_own_track(client, planned):
    sign_in_as(client, planned["nina"])
    assert "Nina New" in client.get(reverse("onboarding:overview")).content.decode()
    url = reverse("onboarding:track", kwargs={"pk": planned["track"].pk})
    assert client.get(url).status_code == 200
