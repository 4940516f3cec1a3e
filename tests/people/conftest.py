"""Directory fixtures: an organiser, a small Acme directory and Globex's own objects."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from hallway.accounts.models import Role
from hallway.people.models import Person
from tests import factories
from tests.factories import make_location, make_team, make_user


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
    """`factories.make_person` in Acme (or `organisation=`)."""

    def make(name: str, **fields: Any) -> Person:
        return factories.make_person(fields.pop("organisation", acme), name, **fields)

    return make


@pytest.fixture
def amsterdam(acme):
    return make_location(acme, "Amsterdam", country="NL", timezone="Europe/Amsterdam")


@pytest.fixture
def sales_team(acme):
    return make_team(acme, "Sales", department="Revenue")


@pytest.fixture
def globex_team(globex):
    return make_team(globex, "Globex Ops", department="Operations")


@pytest.fixture
def globex_location(globex):
    return make_location(globex, "Springfield", country="US", timezone="America/Chicago")


@pytest.fixture
def globex_person(globex, globex_team, globex_location):
    return factories.make_person(
        globex,
        "Hank Scorpio",
        email="hank@globex.test",
        team=globex_team,
        location=globex_location,
        timezone="America/Chicago",
    )


@pytest.fixture
def today() -> datetime.date:
    return datetime.date(2026, 1, 14)  # a Wednesday in winter: no DST anywhere in Europe/US
