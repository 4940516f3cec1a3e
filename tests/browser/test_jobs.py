"""A recruiter in a real browser: opens Outreach → Jobs, a job's page, previews a hiring
freeze in each candidate's language (htmx) and announces it. The pages pass axe and fit a
390 px phone."""

import datetime

from django.utils import timezone

from hallway.accounts.models import Role
from hallway.outreach.models import Freeze
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_user
from tests.outreach.jobs_helpers import staff_job

PHONE = {"width": 390, "height": 844}
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _fits_a_phone(page, url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert page.evaluate(PAGE_OVERFLOW) == 0, url
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_recruiter_previews_and_announces_a_hiring_freeze(page, acme):
    olga = make_user("olga@acme.test", acme, Role.ORGANISER, first_name="Olga", last_name="Lead")
    staff_job(acme, olga, now=timezone.now())
    resume_on = timezone.localdate() + datetime.timedelta(days=14)
    # The machine that runs the suite may be busy: the first pages can be slow.
    page.set_default_timeout(60_000)
    log_in(page, "olga@acme.test", PASSWORD)

    page.goto("/outreach/jobs/")
    page.get_by_role("link", name="Backend Engineer").click()
    page.get_by_role("heading", name="Hiring freeze").wait_for()
    assert_accessible(page, "job page")
    _fits_a_phone(page, page.url)

    form = page.locator("#freeze-form")
    form.get_by_label("Screening").check()
    form.get_by_label("Hiring resumes on").fill(resume_on.isoformat())
    form.get_by_role("button", name="Preview").click()
    page.get_by_text("3 candidates will be told.").wait_for()
    assert page.locator('article.letter[lang="de"]').count() == 1
    assert not Freeze.objects.exists()

    form.get_by_role("button", name="Announce the freeze").click()
    page.get_by_text("Told 3 candidates.").wait_for()
    assert Freeze.objects.get().notified == 3
    assert_accessible(page, "job page with a freeze")
    page.goto("/outreach/jobs/")
    page.get_by_text("Hiring paused until").wait_for()
    assert_accessible(page, "jobs list")
    _fits_a_phone(page, "/outreach/jobs/")
