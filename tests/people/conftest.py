"""Directory fixtures: an organiser, a small Acme directory and Globex's own objects."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from hallway.accounts.models import Role
from hallway.people.models import Location, Person, Tag, Team
from tests.conftest import make_user


@pytest.fixture
def olivia(acme):
    """An organiser of Acme: may create and edit people, not delete them."""
    return make_user("olivia@acme.test", acme, Role.ORGANISER)


@pytest.fixture
def olivia_client(client, olivia):
    client.force_login(olivia)
    return client


@pytest.fixture
def make_person(acme) -> Callable[..., Person]:
    """Create a person in Acme (or `organisation=`), with interests given by name."""

    def make(name: str, *, interests: tuple[str, ...] = (), **fields: Any) -> Person:
        organisation = fields.pop("organisation", acme)
        fields.setdefault("email", f"{name.split()[0].lower()}@{organisation.slug}.test")
        person = Person.objects.create(organisation=organisation, name=name, **fields)
        for tag_name in interests:
            tag, _ = Tag.objects.get_or_create(organisation=organisation, name=tag_name)
            person.interests.add(tag)
        return person

    return make


@pytest.fixture
def amsterdam(acme):
    return Location.objects.create(
        organisation=acme, name="Amsterdam", country="NL", timezone="Europe/Amsterdam"
    )


@pytest.fixture
def sales_team(acme):
    return Team.objects.create(organisation=acme, name="Sales", department="Revenue")


@pytest.fixture
def globex_team(globex):
    return Team.objects.create(organisation=globex, name="Globex Ops", department="Operations")


@pytest.fixture
def globex_location(globex):
    return Location.objects.create(
        organisation=globex, name="Springfield", country="US", timezone="America/Chicago"
    )


@pytest.fixture
def globex_person(globex, globex_team, globex_location):
    return Person.objects.create(
        organisation=globex,
        name="Hank Scorpio",
        email="hank@globex.test",
        team=globex_team,
        location=globex_location,
        timezone="America/Chicago",
    )


@pytest.fixture
def today() -> datetime.date:
    return datetime.date(2026, 1, 14)  # a Wednesday in winter: no DST anywhere in Europe/US
