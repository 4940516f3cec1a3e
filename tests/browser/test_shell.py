from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def test_log_in_and_see_the_navigation(page, alice, carol):
    log_in(page, "alice@acme.test", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    for label in [
        "Coffee",
        "Gatherings",
        "Rituals",
        "Relationships",
        "People",
        "Insights",
        "Settings",
    ]:
        assert nav.get_by_role("link", name=label).is_visible()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome to Acme")


def test_keyboard_user_can_skip_to_content(page, alice):
    log_in(page, "alice@acme.test", PASSWORD)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
