"""Shared set-up of the contractor care tests: a client, a contractor and a placement."""

import datetime

from hallway.outreach.services.care import placement_record
from tests.factories import make_company, make_contact

UTC = datetime.UTC
NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday


def client_of(organisation, name="Brightside GmbH"):
    return make_company(organisation, name, timezone="Europe/Berlin")


def contractor_of(organisation, name="Lena Fischer", *, language="de", **fields):
    return make_contact(organisation, name, kind="contractor", language=language, **fields)


def place(
    organisation, owner, *, contractor=None, company=None, starts_on=None, ends_on=None, **kw
):
    return placement_record(
        organisation=organisation,
        contractor=contractor or contractor_of(organisation),
        company=company or client_of(organisation),
        starts_on=starts_on or datetime.date(2026, 10, 1),
        ends_on=ends_on,
        owner=owner,
        now=kw.pop("now", NOW),
        **kw,
    )
