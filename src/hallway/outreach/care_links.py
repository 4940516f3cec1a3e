"""The contractor's check-in form link: one per check-in, to a one-page form (no login).

A messaging link (`messaging.links`) of its own purpose, so its salt differs from every
other link's; it names the check-in and its contractor and answers only while both still
belong together in the link's organisation. Not single-use: the answers can be changed
through the same link while it works, 30 days after the check-in was asked (the anonymous
rating of the client excepted: stored without a name, it can be found by nobody, not even
to change it). The form has its own page (`care_views.check_in_form`); a forged, altered
or expired link is a friendly 404 that says nothing more.
"""

import datetime

from django.urls import reverse

from hallway.accounts.links import InvalidLink, LinkProblem, absolute_url
from hallway.messaging.links import Purpose, link_purpose_register, link_read, link_token
from hallway.outreach.models import CheckIn

FORM = link_purpose_register(
    Purpose("outreach_check_in", datetime.timedelta(days=30), single_use=False, needs_person=False)
)
SUBJECT_PREFIX = "check-in-"
ADDRESS_PREFIX = "contact-"


def check_in_token(check_in: CheckIn) -> str:
    return link_token(
        purpose=FORM.name,
        organisation_id=check_in.organisation_id,
        address=f"{ADDRESS_PREFIX}{check_in.placement.contractor_id}",
        subject=f"{SUBJECT_PREFIX}{check_in.pk}",
    )


def check_in_url(*, check_in: CheckIn, language: str) -> str:
    return absolute_url(
        reverse(
            "outreach:check_in_form",
            kwargs={"language": language, "token": check_in_token(check_in)},
        )
    )


def check_in_of(token: str) -> CheckIn:
    """The check-in a link answers; InvalidLink when forged, altered, expired, or when the
    check-in (or its placement) is gone."""
    link = link_read(purpose=FORM.name, token=token)
    number = link.subject.removeprefix(SUBJECT_PREFIX)
    contact = link.address.removeprefix(ADDRESS_PREFIX)
    if not (number.isdigit() and contact.isdigit()):
        raise InvalidLink(LinkProblem.INVALID)
    check_in = (
        CheckIn.objects.filter(
            pk=int(number),
            organisation_id=link.organisation_id,
            placement__contractor_id=int(contact),
        )
        .select_related("placement__organisation", "placement__company", "placement__contractor")
        .first()
    )
    if check_in is None or check_in.sent_at is None:
        raise InvalidLink(LinkProblem.INVALID)
    return check_in
