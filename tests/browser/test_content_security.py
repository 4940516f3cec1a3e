"""With the Content-Security-Policy enforced by a real browser, the pages still work and
nothing they do is refused."""

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_person, make_program

PAGES = [
    "/",
    "/people/",
    "/people/import/",
    "/coffee/",
    "/coffee/insights/",
    "/time-off/holidays/",
    "/messages/outbox/",
    "/messages/channels/",
    "/accounts/settings/tokens/",
    "/accounts/settings/audit/",
    "/api/docs",
]


def test_no_page_has_anything_refused_by_the_policy(page, alice, acme):
    make_program(acme)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, "alice@acme.test", PASSWORD)
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert refused == []


def test_select_all_and_confirmations_work_without_inline_script(page, alice, acme):
    for name in ("Anouk de Vries", "Bram Jansen", "Chiara Rossi"):
        make_person(acme, name)
    log_in(page, "alice@acme.test", PASSWORD)
    page.goto("/people/")
    boxes = page.locator("input[name=person_ids]")
    page.locator("input[name=select_page]").check()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.get_by_label("Select Bram Jansen").uncheck()
    assert not page.locator("input[name=select_page]").is_checked()

    page.goto("/accounts/settings/tokens/")
    page.get_by_label("Name").fill("CI")
    page.get_by_role("button", name="Create the token").click()
    token = page.locator("#new-token")
    token.focus()
    selected = page.evaluate(
        "() => { const el = document.getElementById('new-token');"
        " return el.selectionEnd - el.selectionStart }"
    )
    assert selected == len(token.input_value())
