"""The wall of wins on a phone: 390 px wide without sideways scrolling, and a win posted
from it shows up on the wall."""

from hallway.rituals.models import Celebration
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_person


def test_post_a_win_on_a_phone_without_sideways_scroll(page, bob, acme, carol):
    make_person(acme, "Bob Baker", email="bob@acme.test", user=bob)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "bob@acme.test", PASSWORD)
    page.goto("/rituals/wins/")
    page.get_by_role("heading", name="Wall of wins", level=1).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    form = page.locator("form", has=page.get_by_role("button", name="Ring the gong"))
    form.get_by_label("What are you celebrating?").select_option("launch")
    form.get_by_label("Headline").fill("Search 2.0 is live")
    form.get_by_label("Who to cheer").select_option(label="Carol Meyer")
    form.get_by_role("button", name="Ring the gong").click()
    page.get_by_text("The gong rang: your win is on the wall.").wait_for()
    win = page.locator("li", has_text="Search 2.0 is live")
    win.wait_for()
    assert "Carol Meyer" in win.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    win.get_by_role("button", name="Cheer").click()
    win.get_by_role("button", name="Cheered").wait_for()
    assert Celebration.objects.get().reactions.count() == 1
