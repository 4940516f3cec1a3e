"""Contractor care in a real browser: the contractor answers a check-in on the public form
(in German, on a phone), and the organiser reads the placement and the client's anonymous
feedback. Every page passes axe and fits a 390 px phone."""

import datetime
import re

import time_machine
from django.utils import timezone

from hallway.accounts.models import Role
from hallway.outreach.care_links import check_in_url
from hallway.outreach.models import CheckIn, ClientRating
from hallway.outreach.services.care import care_run_due
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_user
from tests.outreach.care_helpers import place

PHONE = {"width": 390, "height": 844}
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _fits_a_phone(page, url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert page.evaluate(PAGE_OVERFLOW) == 0, url
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_contractor_answers_and_the_organiser_reads_it(page, live_server, acme):
    olga = make_user("olga@acme.test", acme, Role.ORGANISER, first_name="Olga", last_name="Lead")
    now = timezone.now()
    placement = place(
        acme,
        olga,
        starts_on=timezone.localdate() - datetime.timedelta(days=31),
        ends_on=timezone.localdate() + datetime.timedelta(days=200),
        now=now,
    )
    with time_machine.travel(now, tick=False):
        care_run_due(organisation=acme, now=now)
    check_in = placement.check_ins.exclude(sent_at=None).get()
    page.set_default_timeout(60_000)

    # The contractor, without an account, on a phone, in German.
    page.set_viewport_size(PHONE)
    page.goto(re.sub(r"^https?://[^/]+", "", check_in_url(check_in=check_in, language="de")))
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.evaluate(PAGE_OVERFLOW) == 0
    assert_accessible(page, "check-in form, German, 390 px")
    page.locator('input[name="score"][value="4"]').check()
    page.locator('input[name="rating_score"][value="5"]').check()
    page.locator('button[type="submit"]').last.click()
    page.wait_for_load_state()
    check_in = CheckIn.objects.get(pk=check_in.pk)
    assert check_in.score == 4
    assert ClientRating.objects.count() == 1
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, "olga@acme.test", PASSWORD)
    page.goto("/outreach/contractors/")
    assert_accessible(page, "contractors")
    _fits_a_phone(page, "/outreach/contractors/")
    page.goto(f"/outreach/contractors/{placement.pk}/")
    assert_accessible(page, "placement")
    _fits_a_phone(page, f"/outreach/contractors/{placement.pk}/")
    page.goto(f"/outreach/contractors/clients/{placement.company_id}/")
    page.get_by_text("hidden:").first.wait_for()
    assert_accessible(page, "client feedback")
    _fits_a_phone(page, f"/outreach/contractors/clients/{placement.company_id}/")
