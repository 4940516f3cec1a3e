"""The audit log in a real browser: an admin's sign-in, a failed guess, a role change and an
export show up with who, when and from where. With HALLWAY_SCREENSHOTS=1 it writes
docs/screenshots/audit-log.png."""

import os
from pathlib import Path

from playwright.sync_api import expect

from hallway.accounts.models import Membership, Role
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_person

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "audit-log.png"


def test_an_admin_reads_who_did_what(page, alice, bob, acme):
    make_person(acme, "Carla Gómez")
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("bob@acme.test")
    page.get_by_label("Password").fill("not-his-password")
    page.get_by_role("button", name="Log in").click()
    log_in(page, "alice@acme.test", PASSWORD)
    bob_membership = Membership.objects.get(user=bob, organisation=acme)
    page.goto("/accounts/settings/members/")
    page.get_by_label("Role of bob@acme.test").select_option(Role.ORGANISER.value)
    page.locator(f"#member-{bob_membership.pk}").get_by_role("button", name="Change role").click()
    with page.expect_download():
        page.goto("/people/")
        page.get_by_role("link", name="Export CSV").first.click()

    page.goto("/accounts/settings/audit/")
    rows = page.locator("tbody tr")
    text = page.locator("main").inner_text()
    for expected in ("Sign-in failed", "Signed in", "Role changed", "People exported"):
        assert expected in text
    assert rows.count() >= 4
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.get_by_label("Action").select_option(label="Role changed")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    assert "organiser" in page.locator("tbody").inner_text()
