"""Relationships in a real browser: a touch logged from the contacts list in a few seconds
shows on the contact's page."""

import time

from hallway.relationships.models import Touch
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_company, make_contact


def test_log_a_touch_from_the_list_and_see_it_on_the_contact_page(page, bob, acme):
    brightside = make_company(acme, "Brightside GmbH")
    make_contact(acme, "Anouk de Vries", company=brightside)
    nina = make_contact(acme, "Nina Vogel", company=brightside)
    log_in(page, "bob@acme.test", PASSWORD)
    page.goto("/relationships/contacts/")

    started = time.monotonic()
    page.get_by_role("link", name="Log a touch with Nina Vogel").click()
    form = page.locator(f"#log-touch-{nina.pk}")
    form.get_by_label("Summary").fill("Asked about the marathon")
    form.get_by_role("button", name="Save the touch").click()
    form.get_by_role("status").filter(has_text="Logged: Call with Nina Vogel.").wait_for()
    assert time.monotonic() - started < 5

    touch = Touch.objects.get()
    assert list(touch.contacts.all()) == [nina]
    page.get_by_role("link", name="Nina Vogel", exact=True).click()
    timeline = page.get_by_role("region", name="Touches")
    timeline.get_by_text("Asked about the marathon").wait_for()
    assert "by Bob" in timeline.inner_text()
