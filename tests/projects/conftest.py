"""A client project across Berlin, Amsterdam and New York: 6 of ours, 8 of theirs."""

import datetime

import pytest

from hallway.projects.models import Project, Side
from hallway.projects.services.roster import RoleFields, roster_add
from tests.factories import make_company, make_contact, make_person

START = datetime.date(2026, 12, 1)


@pytest.fixture
def client_company(acme):
    return make_company(
        acme,
        "Lakeshore Outfitters",
        timezone="America/New_York",
        work_start=datetime.time(9),
        work_end=datetime.time(17),
        holiday_region="US-NY",
    )


@pytest.fixture
def project(acme, alice, client_company):
    return Project.objects.create(
        organisation=acme,
        name="US shop rollout",
        company=client_company,
        goal="Launch the US shop by 1 March with the same checkout as in Europe.",
        starts_on=START,
        lead=alice,
    )


@pytest.fixture
def roster(acme, project, client_company):
    """Ours: 3 in Berlin, 3 in Amsterdam (the first two key); theirs: 5 in New York (the
    first two key), 3 partners' people in Amsterdam and Berlin (the first one key)."""
    ours = []
    for i, (name, zone) in enumerate(
        [
            ("Jonas Weber", "Europe/Berlin"),
            ("Sanne de Vries", "Europe/Amsterdam"),
            ("Lena Fischer", "Europe/Berlin"),
            ("Daan Bakker", "Europe/Amsterdam"),
            ("Mia Wagner", "Europe/Berlin"),
            ("Ruben Smit", "Europe/Amsterdam"),
        ]
    ):
        person = make_person(acme, name, timezone=zone)
        ours.append(
            roster_add(
                project=project,
                side=Side.OURS,
                person=person,
                values=RoleFields(role="Consultant", key_counterpart=i < 2),
                joined_on=START,
            )
        )
    theirs = []
    for i, name in enumerate(
        ["Megan Brooks", "Tyler Reed", "Ashley Kim", "Jordan Lee", "Chris Young"]
    ):
        contact = make_contact(acme, name, company=client_company)
        theirs.append(
            roster_add(
                project=project,
                side=Side.CLIENT,
                contact=contact,
                values=RoleFields(role="Client team", key_counterpart=i < 2),
                joined_on=START,
            )
        )
    for i, (name, zone, region) in enumerate(
        [
            ("Femke Visser", "Europe/Amsterdam", "NL"),
            ("Tobias Braun", "Europe/Berlin", "DE-BE"),
            ("Eva Jansen", "Europe/Amsterdam", "NL"),
        ]
    ):
        contact = make_contact(acme, name, timezone=zone, holiday_region=region)
        theirs.append(
            roster_add(
                project=project,
                side=Side.PARTNER,
                contact=contact,
                values=RoleFields(role="Payment partner", key_counterpart=i == 0),
                joined_on=START,
            )
        )
    return ours, theirs
