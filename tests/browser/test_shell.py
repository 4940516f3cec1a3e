from tests.browser.conftest import log_in
from tests.factories import PASSWORD


def test_log_in_and_see_the_navigation(page, alice, carol):
    log_in(page, "alice@acme.test", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    for label in ["Coffee", "Gatherings", "Rituals", "Projects", "Relationships", "People"]:
        assert nav.get_by_role("link", name=label).is_visible()
    assert nav.get_by_role("link", name="Settings").is_visible()
    assert nav.get_by_role("link").count() == 7
    nav.get_by_text("More", exact=True).click()
    for label in ["New hires", "Time off", "Insights"]:
        assert nav.get_by_role("link", name=label).is_visible()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome to Acme")


def test_keyboard_user_can_skip_to_content(page, alice):
    log_in(page, "alice@acme.test", PASSWORD)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")


def test_the_language_switcher_turns_the_page_german_and_keeps_it(page, alice, carol):
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto("/people/")
    switch = page.get_by_label("Language", exact=True)
    # Moving through the list with the keyboard changes nothing yet (WCAG 3.2.2) ...
    switch.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.lang") == "en"
    # ... the button does.
    switch.select_option(label="Deutsch")
    page.get_by_role("button", name="OK: change the language").click()
    page.wait_for_function("document.documentElement.lang === 'de'")
    assert page.get_by_role("heading", level=1).inner_text() == "Personen"
    assert page.get_by_role("button", name="Abmelden").is_visible()
    page.goto("/people/teams/")
    assert page.evaluate("document.documentElement.lang") == "de"


def test_a_dutch_browser_gets_dutch_pages(chromium, live_server, alice):
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.goto("/accounts/login/")
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.get_by_label("E-mailadres").fill("alice@acme.test")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/")
    assert (
        page.get_by_role("navigation", name="Hoofdnavigatie")
        .get_by_role("link", name="Mensen")
        .is_visible()
    )
    context.close()
