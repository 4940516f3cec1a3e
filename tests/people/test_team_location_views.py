import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallway.people.models import Location, Person, Team
from hallway.people.services import team_save


@pytest.mark.parametrize("name", ["people:team_edit", "people:team_delete"])
def test_another_organisation_gets_404_for_a_team(mallory_client, platform_team, name):
    url = reverse(name, args=[platform_team.pk])
    assert mallory_client.get(url).status_code == 404
    assert mallory_client.post(url, {"name": "Taken"}).status_code == 404
    assert Team.objects.get(pk=platform_team.pk).name == "Platform"


@pytest.mark.parametrize("name", ["people:location_edit", "people:location_delete"])
def test_another_organisation_gets_404_for_a_location(mallory_client, berlin, name):
    url = reverse(name, args=[berlin.pk])
    assert mallory_client.get(url).status_code == 404
    assert mallory_client.post(url, {"name": "Taken", "timezone": "UTC"}).status_code == 404
    assert Location.objects.get(pk=berlin.pk).name == "Berlin"


def test_lists_show_only_this_organisations_teams_and_locations(
    mallory_client, platform_team, berlin, globex_team, globex_location
):
    teams = mallory_client.get(reverse("people:teams")).content.decode()
    locations = mallory_client.get(reverse("people:locations")).content.decode()
    assert "Globex Ops" in teams
    assert "Platform" not in teams
    assert "Springfield" in locations
    assert "Berlin" not in locations


def test_teams_page_counts_people_and_hides_admin_links_from_members(
    bob_client, carol, make_person, platform_team, sales_team
):
    make_person("Dave", team=platform_team)
    response = bob_client.get(reverse("people:teams"))
    rows = {team.name: team.people_count for team in response.context["teams"]}
    assert rows == {"Platform": 2, "Sales": 0}
    page = response.content.decode()
    assert f"?team={platform_team.pk}" in page
    assert reverse("people:team_create") not in page
    assert reverse("people:team_edit", args=[platform_team.pk]) not in page


def test_locations_page_counts_people_with_the_local_time(bob_client, carol, berlin):
    response = bob_client.get(reverse("people:locations"))
    assert [(loc.name, loc.people_count) for loc in response.context["locations"]] == [
        ("Berlin", 1)
    ]
    assert "<time datetime=" in response.content.decode()
    assert reverse("people:location_create") not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "with_pk"),
    [
        ("people:team_create", False),
        ("people:team_edit", True),
        ("people:team_delete", True),
    ],
)
def test_organisers_and_members_cannot_change_teams(olivia_client, platform_team, name, with_pk):
    url = reverse(name, args=[platform_team.pk] if with_pk else [])
    assert olivia_client.get(url).status_code == 404
    assert olivia_client.post(url, {"name": "X"}).status_code == 404
    assert list(Team.objects.values_list("name", flat=True)) == ["Platform"]


@pytest.mark.parametrize(
    ("name", "with_pk"),
    [
        ("people:location_create", False),
        ("people:location_edit", True),
        ("people:location_delete", True),
    ],
)
def test_members_cannot_change_locations(bob_client, berlin, name, with_pk):
    url = reverse(name, args=[berlin.pk] if with_pk else [])
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, {"name": "X", "timezone": "UTC"}).status_code == 404
    assert list(Location.objects.values_list("name", flat=True)) == ["Berlin"]


def test_admin_creates_and_renames_a_team(alice_client, acme, platform_team):
    response = alice_client.post(
        reverse("people:team_create"), {"name": "Design", "department": "Product"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:teams")
    assert Team.objects.get(organisation=acme, name="Design").department == "Product"
    clash = alice_client.post(
        reverse("people:team_edit", args=[platform_team.pk]), {"name": "design"}
    )
    assert clash.status_code == 200
    assert clash.context["form"].errors["name"] == ["“design” already exists in this organisation."]
    alice_client.post(reverse("people:team_edit", args=[platform_team.pk]), {"name": "Infra"})
    assert Team.objects.get(pk=platform_team.pk).name == "Infra"


def test_deleting_a_team_says_how_many_people_lose_it(
    alice_client, carol, make_person, platform_team
):
    make_person("Dave", team=platform_team)
    url = reverse("people:team_delete", args=[platform_team.pk])
    assert "2 people are in this team" in alice_client.get(url).content.decode()
    response = alice_client.post(url, follow=True)
    assert "Deleted the team Platform; 2 people now have no team." in response.content.decode()
    assert Person.objects.filter(team__isnull=True).count() == 2


def test_admin_creates_a_location_and_a_bad_time_zone_changes_nothing(alice_client, acme, berlin):
    bad = alice_client.post(
        reverse("people:location_create"),
        {"name": "São Paulo", "country": "Brazil", "timezone": "America/Sao Paolo"},
    )
    errors = bad.context["form"].errors
    assert errors["timezone"] == [
        "“America/Sao Paolo” is not a known IANA time zone (for example Europe/Berlin)."
    ]
    assert errors["country"] == ["Use a two-letter country code such as DE, NL or BR."]
    assert list(Location.objects.values_list("name", flat=True)) == ["Berlin"]
    alice_client.post(
        reverse("people:location_create"),
        {"name": "São Paulo", "country": "br", "timezone": "America/Sao_Paulo"},
    )
    created = Location.objects.get(organisation=acme, name="São Paulo")
    assert (created.country, created.timezone) == ("BR", "America/Sao_Paulo")
    edit = alice_client.post(
        reverse("people:location_edit", args=[berlin.pk]),
        {"name": "Berlin", "country": "DE", "timezone": "Mars/Base"},
    )
    assert "timezone" in edit.context["form"].errors
    assert Location.objects.get(pk=berlin.pk).timezone == "Europe/Berlin"


def test_deleting_a_location_keeps_its_people(alice_client, carol, berlin):
    url = reverse("people:location_delete", args=[berlin.pk])
    assert "1 person works from this location" in alice_client.get(url).content.decode()
    alice_client.post(url)
    assert not Location.objects.exists()
    assert Person.objects.get(pk=carol.pk).location is None


def test_every_problem_of_the_location_form_shows_at_once(alice_client, acme, berlin):
    response = alice_client.post(
        reverse("people:location_create"),
        {"name": "", "country": "Brazil", "timezone": "America/Sao Paolo"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"name", "country", "timezone"}
    assert errors["country"] == ["Use a two-letter country code such as DE, NL or BR."]
    clash = alice_client.post(
        reverse("people:location_create"),
        {"name": "berlin", "country": "DE", "subdivision": "XX", "timezone": "Europe/Berlin"},
    )
    errors = clash.context["form"].errors
    assert errors["name"] == ["“berlin” already exists in this organisation."]
    assert "subdivision" in errors
    assert list(Location.objects.values_list("name", flat=True)) == ["Berlin"]


def test_team_save_names_a_taken_name_with_the_other_problems(acme, platform_team):
    with pytest.raises(ValidationError) as raised:
        team_save(organisation=acme, name="PLATFORM", department="x" * 200)
    assert set(raised.value.message_dict) == {"name", "department"}


def test_a_name_in_use_shows_with_the_forms_other_problems(alice_client, berlin, platform_team):
    location = alice_client.post(
        reverse("people:location_create"),
        {"name": "BERLIN", "country": "Germany", "timezone": "Europe/Berlin"},
    )
    errors = location.context["form"].errors
    assert errors["name"] == ["“BERLIN” already exists in this organisation."]
    assert "country" in errors
    team = alice_client.post(
        reverse("people:team_create"), {"name": "platform", "department": "x" * 121}
    )
    errors = team.context["form"].errors
    assert errors["name"] == ["“platform” already exists in this organisation."]
    assert "department" in errors
    assert Team.objects.count() == 1
    assert Location.objects.count() == 1
