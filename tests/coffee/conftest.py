"""Coffee fixtures: a program and people in three languages and zones."""

import pytest

from tests.factories import join, make_person, make_program


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


@pytest.fixture
def program(acme):
    return make_program(acme)


@pytest.fixture
def dana(acme):
    return make_person(
        acme,
        "Dana Fischer",
        preferred_language="de",
        timezone="Europe/Berlin",
        team="Platform",
        location="Berlin",
    )


@pytest.fixture
def noor(acme):
    return make_person(
        acme,
        "Noor de Vries",
        preferred_language="nl",
        timezone="Europe/Amsterdam",
        team="Sales",
        location="Amsterdam",
    )


@pytest.fixture
def eli(acme):
    return make_person(
        acme,
        "Eli Brooks",
        preferred_language="en",
        timezone="America/New_York",
        team="Support",
        location="New York",
    )


@pytest.fixture
def frank(acme):
    return make_person(acme, "Frank Olsen", team="Design", location="Berlin")


@pytest.fixture
def members(program, dana, noor, eli, frank):
    join(program, dana, noor, eli, frank)
    return [dana, noor, eli, frank]
