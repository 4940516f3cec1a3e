"""The template editor's HTML preview in a real browser: the sandboxed frame shows the mail."""

from hallway.messaging.services import template_override_save
from tests.browser.conftest import log_in
from tests.factories import PASSWORD


def test_the_preview_frame_shows_the_rendered_mail(page, alice, acme):
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto("/messages/templates/test/email/?language=de")
    frame = page.frame_locator("iframe[title='HTML version']")
    assert frame.get_by_text("Dies ist eine Testnachricht von Hallway.").is_visible()
    assert frame.get_by_text("Hallway", exact=True).is_visible()
    # The frame runs no scripts.
    assert page.locator("iframe[title='HTML version']").get_attribute("sandbox") == ""


def test_the_preview_frame_shows_an_organisations_words(page, alice, acme):
    template_override_save(
        organisation=acme,
        template="test",
        kind="email",
        language="en",
        subject="Hi {{ recipient_name }}",
        body='Dear {{ recipient_name|upper }}, "quotes" & <strong>bold</strong> words.',
    )
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto("/messages/templates/test/email/?language=en")
    frame = page.frame_locator("iframe[title='HTML version']")
    assert frame.get_by_text('Dear CAROL MEYER, "quotes" & bold words.').is_visible()
    assert frame.locator("strong").inner_text() == "bold"
