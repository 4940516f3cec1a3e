"""The project pages: the list, creating and changing a project, the project page.

Members read, organisers write, another organisation's user gets 404 (see also
tests/core/test_cross_organisation.py)."""

import datetime

import pytest
from django.urls import reverse

from hallway.accounts.models import Role
from hallway.projects.models import Project, ProjectStatus, Side
from hallway.projects.services.roster import RoleFields, roster_add
from tests.factories import make_company, make_contact, make_user


@pytest.fixture
def olga(acme):
    return make_user("olga@acme.test", acme, Role.ORGANISER, first_name="Olga")


@pytest.fixture
def olga_client(client, olga):
    client.force_login(olga)
    return client


def test_members_read_the_list_with_goal_and_health(bob_client, project):
    page = bob_client.get(reverse("projects:list")).content.decode()
    assert "US shop rollout" in page
    assert "Lakeshore Outfitters" in page
    assert "Launch the US shop by 1 March" in page
    assert "1:1 coverage" in page
    assert "Cadence kept" in page
    assert reverse("projects:new") not in page


def test_an_empty_list_offers_a_new_project_to_organisers(olga_client, bob, client):
    page = olga_client.get(reverse("projects:list")).content.decode()
    assert "No projects yet." in page
    assert reverse("projects:new") in page
    client.force_login(bob)
    assert reverse("projects:new") not in client.get(reverse("projects:list")).content.decode()


def test_members_may_not_create_or_change(bob_client, project):
    assert bob_client.get(reverse("projects:new")).status_code == 404
    assert bob_client.post(reverse("projects:new"), {"name": "X"}).status_code == 404
    assert bob_client.get(reverse("projects:edit", kwargs={"pk": project.pk})).status_code == 404
    assert bob_client.get(reverse("projects:detail", kwargs={"pk": project.pk})).status_code == 200


def test_another_organisation_gets_404(mallory_client, project):
    for name in ("projects:detail", "projects:edit", "projects:coverage"):
        assert mallory_client.get(reverse(name, kwargs={"pk": project.pk})).status_code == 404
    assert "US shop rollout" not in mallory_client.get(reverse("projects:list")).content.decode()


def _values(company, **changes):
    values = {
        "name": "Amsterdam replatforming",
        "company": company.pk,
        "goal": "One platform for both shops.",
        "starts_on": "2027-01-04",
        "ends_on": "2027-06-30",
        "status": "active",
        "language": "nl",
        "timezone": "Europe/Amsterdam",
        "coverage_weeks": "4",
        "one_on_ones_per_week": "2",
        "one_on_one_minutes": "30",
    }
    values.update(changes)
    return values


def test_an_organiser_creates_a_project(olga_client, olga, acme):
    company = make_company(acme, "Grachten BV")
    response = olga_client.post(reverse("projects:new"), _values(company, lead=str(olga.pk)))
    project = Project.objects.get(organisation=acme, name="Amsterdam replatforming")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", kwargs={"pk": project.pk})
    assert project.company == company
    assert project.lead == olga
    assert project.coverage_weeks == 4
    assert project.language == "nl"
    page = olga_client.get(response["Location"]).content.decode()
    assert "One platform for both shops." in page


def test_bad_input_shows_every_problem_and_writes_nothing(olga_client, olga, acme, project):
    response = olga_client.post(
        reverse("projects:new"),
        {
            "name": "US shop rollout",  # taken
            "company": "",
            "starts_on": "2027-01-04",
            "ends_on": "2026-12-01",
            "status": "active",
            "lead": str(olga.pk),
            "timezone": "Mars/Olympus",
            "coverage_weeks": "40",
            "one_on_ones_per_week": "2",
            "one_on_one_minutes": "5",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved." in page
    for problem in (
        "Another project is already called",
        "This field is required.",  # the company
        "The end is before the start.",
        "Mars/Olympus",
        "less than or equal to 26",
        "greater than or equal to 15",
    ):
        assert problem in page, problem
    assert Project.objects.filter(organisation=acme).count() == 1


def test_an_organiser_changes_a_project_and_chooses_the_sponsor(olga_client, olga, acme, project):
    sponsor = roster_add(
        project=project,
        side=Side.CLIENT,
        contact=make_contact(acme, "Megan Brooks", company=project.company),
        values=RoleFields(role="VP Digital"),
        joined_on=project.starts_on,
    )
    url = reverse("projects:edit", kwargs={"pk": project.pk})
    assert "Megan Brooks" in olga_client.get(url).content.decode()
    response = olga_client.post(
        url,
        _values(
            project.company,
            name="US shop rollout",
            ends_on="",
            status="paused",
            lead=str(olga.pk),
            sponsor=str(sponsor.pk),
        ),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.sponsor == sponsor
    assert project.ends_on is None
    assert project.status == ProjectStatus.PAUSED


def test_the_sponsor_must_be_on_the_client_side(olga_client, olga, acme, project, carol):
    ours = roster_add(project=project, side=Side.OURS, person=carol, joined_on=project.starts_on)
    response = olga_client.post(
        reverse("projects:edit", kwargs={"pk": project.pk}),
        _values(project.company, name="US shop rollout", lead=str(olga.pk), sponsor=str(ours.pk)),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    project.refresh_from_db()
    assert project.sponsor is None


def test_the_project_page_shows_the_roster_by_side(bob_client, project, roster):
    page = bob_client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    ours_at = page.index("Our side")
    client_at = page.index("The client’s side")
    partners_at = page.index("Partners")
    assert ours_at < page.index("Jonas Weber") < client_at < page.index("Megan Brooks")
    assert partners_at < page.index("Femke Visser")
    assert "Key counterpart" in page
    assert "America/New_York" in page
    assert "Add someone" not in page  # members read only


def test_the_project_page_offers_organisers_the_roster_forms(olga_client, project):
    page = olga_client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    assert "Add someone" in page
    assert reverse("projects:edit", kwargs={"pk": project.pk}) in page


def test_done_projects_read_as_done(bob_client, project):
    project.status = ProjectStatus.DONE
    project.ends_on = datetime.date(2027, 3, 1)
    project.save()
    page = bob_client.get(reverse("projects:list")).content.decode()
    assert "Done" in page
