import pytest
from django.core.exceptions import ValidationError

from hallway.accounts.models import Membership, Organisation, Role, User
from hallway.accounts.services import organisation_create, organisation_update, profile_update


def test_create_makes_the_organisation_and_a_new_owner_without_password(db):
    result = organisation_create(
        slug="initech",
        name="Initech",
        owner_email=" Peter@Initech.TEST ",
        timezone="America/Chicago",
        language="de",
    )
    organisation = Organisation.objects.get(slug="initech")
    assert result.organisation == organisation
    assert (organisation.name, organisation.timezone, organisation.language) == (
        "Initech",
        "America/Chicago",
        "de",
    )
    assert result.owner_created
    assert result.owner.email == "peter@initech.test"
    assert not result.owner.has_usable_password()
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (result.owner, Role.OWNER)


def test_create_reuses_an_existing_user_and_keeps_their_password(alice):
    result = organisation_create(slug="side-project", name="Side", owner_email="ALICE@acme.test")
    assert not result.owner_created
    assert result.owner == alice
    alice.refresh_from_db()
    assert alice.check_password("correct-horse-battery")
    assert alice.memberships.count() == 2


def test_create_refuses_a_taken_slug_and_changes_nothing(acme):
    with pytest.raises(ValidationError) as caught:
        organisation_create(slug="acme", name="Other Acme", owner_email="x@other.test")
    assert "already taken" in caught.value.message_dict["slug"][0]
    assert Organisation.objects.count() == 1
    assert not User.objects.filter(email="x@other.test").exists()


@pytest.mark.parametrize("slug", ["Acme", "acme_2", "-acme", "acme--x", "", "a" * 61, "ac me"])
def test_create_refuses_an_invalid_slug(db, slug):
    with pytest.raises(ValidationError) as caught:
        organisation_create(slug=slug, name="Acme", owner_email="x@acme.test")
    assert "not a valid slug" in caught.value.message_dict["slug"][0]
    assert not Organisation.objects.exists()


def test_create_reports_every_problem_at_once(db):
    with pytest.raises(ValidationError) as caught:
        organisation_create(
            slug="ok", name=" ", owner_email="not-an-email", timezone="Mars/Olympus", language="fr"
        )
    errors = caught.value.message_dict
    assert set(errors) == {"name", "owner", "timezone", "language"}
    assert "Mars/Olympus" in errors["timezone"][0]
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_admin_updates_the_organisation(alice, acme):
    organisation_update(
        organisation=acme,
        actor=alice,
        name=" Acme GmbH ",
        timezone="Europe/Amsterdam",
        language="nl",
    )
    acme.refresh_from_db()
    assert (acme.name, acme.timezone, acme.language) == ("Acme GmbH", "Europe/Amsterdam", "nl")


def test_update_refuses_an_unknown_time_zone(alice, acme):
    with pytest.raises(ValidationError) as caught:
        organisation_update(
            organisation=acme, actor=alice, name="Acme", timezone="Europe/Atlantis", language="en"
        )
    assert "Europe/Atlantis" in caught.value.message_dict["timezone"][0]
    acme.refresh_from_db()
    assert acme.timezone == "Europe/Berlin"


@pytest.mark.parametrize("persona", ["bob", "mallory"])
def test_only_admins_of_the_organisation_may_update_it(request, acme, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(ValidationError):
        organisation_update(
            organisation=acme, actor=actor, name="Hacked", timezone="UTC", language="en"
        )
    acme.refresh_from_db()
    assert acme.name == "Acme"


def test_update_names_every_problem_at_once(alice, acme):
    with pytest.raises(ValidationError) as caught:
        organisation_update(
            organisation=acme, actor=alice, name=" ", timezone="Europe/Atlantis", language="xx"
        )
    assert set(caught.value.message_dict) == {"name", "timezone", "language"}
    acme.refresh_from_db()
    assert acme.name == "Acme"


def test_profile_update_names_every_problem_at_once(alice):
    with pytest.raises(ValidationError) as caught:
        profile_update(
            user=alice, first_name="x" * 151, last_name="Ok", language="xx", timezone="Mars/Base"
        )
    assert set(caught.value.message_dict) == {"first_name", "language", "timezone"}
    alice.refresh_from_db()
    assert alice.first_name != "x" * 151
