"""The header on a phone (a menu button that shows the navigation) and in German on a laptop
(one row); forms and tables on a phone (no sideways scrolling of the page)."""

import datetime

from django.utils import timezone

from hallway.absences.models import Holiday
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.services.guests import guests_invite, invitees_by_email
from tests.browser.conftest import log_in
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}

# Whether the page or the header scrolls sideways.
OVERFLOW = """() => {
    const header = document.querySelector('header');
    return {
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        header: header.scrollWidth - header.clientWidth,
    };
}"""


def test_on_a_phone_the_header_folds_into_a_menu(chromium, live_server, alice, carol):
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    log_in(page, "alice@acme.test", PASSWORD)
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.locator(f"#{menu.get_attribute('aria-controls')}").count() == 1
    assert not nav.is_visible()
    assert not page.get_by_role("button", name="Log out").is_visible()
    assert page.evaluate(OVERFLOW) == {"page": 0, "header": 0}

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    for label in ["Coffee", "New hires", "People", "Time off", "Insights", "Settings"]:
        assert nav.get_by_role("link", name=label).is_visible()
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.evaluate(OVERFLOW) == {"page": 0, "header": 0}

    # Escape closes it and gives the focus back to the button; Enter opens it again.
    nav.get_by_role("link", name="People").focus()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    assert menu.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert nav.is_visible()
    page.keyboard.press("Tab")
    assert nav.get_by_role("link", name="Coffee").evaluate("el => el === document.activeElement")

    nav.get_by_role("link", name="People").click()
    page.wait_for_url("**/people/")
    assert not nav.is_visible()  # a new page starts with the menu closed
    context.close()


def test_without_javascript_the_phone_menu_stays_open(chromium, live_server, alice):
    context = chromium.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, "alice@acme.test", PASSWORD)
    assert not page.get_by_role("button", name="Menu").is_visible()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Coffee").is_visible()
    assert page.evaluate(OVERFLOW) == {"page": 0, "header": 0}
    context.close()


def test_on_a_laptop_the_german_header_is_one_row(chromium, live_server, alice, carol):
    context = chromium.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("alice@acme.test")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/")
    assert not page.get_by_role("button", name="Menü").is_visible()
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    # An admin sees every entry, the longest header there is: seven, and three under "Mehr".
    assert nav.get_by_role("link").count() == 7
    more = nav.get_by_text("Mehr", exact=True)
    assert not nav.get_by_role("link", name="Abwesenheiten").is_visible()
    more.click()
    assert nav.get_by_role("link", name="Abwesenheiten").is_visible()
    assert nav.get_by_role("link", name="Einblicke").is_visible()
    assert nav.get_by_role("link", name="Neuzugänge").is_visible()
    page.keyboard.press("Escape")
    assert not nav.get_by_role("link", name="Abwesenheiten").is_visible()
    # Everything in the header shares one row: each box overlaps every other vertically.
    rows = page.evaluate(
        """() => [...document.querySelectorAll(
                'header .brand, header .mainnav a, header .mainnav summary, header select, '
                + 'header button:not([hidden])'
            )].filter(el => el.offsetParent !== null && !el.closest('details:not([open]) ul'))
            .map(el => {
                const box = el.getBoundingClientRect();
                return {text: el.textContent.trim(), top: box.top, bottom: box.bottom};
            })"""
    )
    assert len(rows) >= 8 + 4  # brand, seven entries and "Mehr", language list, OK, log out
    lowest_top = max(row["top"] for row in rows)
    highest_bottom = min(row["bottom"] for row in rows)
    assert lowest_top < highest_bottom, rows
    assert page.evaluate(OVERFLOW) == {"page": 0, "header": 0}
    context.close()


def test_on_a_phone_forms_and_tables_do_not_scroll_the_page_sideways(
    chromium, live_server, alice, carol, berlin
):
    Holiday.objects.create(
        organisation=carol.organisation,
        date=datetime.date(2026, 12, 25),
        name="Erster Weihnachtstag",
        names={"en": "Christmas Day", "de": "Erster Weihnachtstag"},
        location=berlin,
    )
    party = gathering_create(
        organisation=carol.organisation,
        title="Winterlicher Umtrunk mit einem sehr langen Titel, der umbrechen muss",
        hosts=[alice],
        starts_at=timezone.now() + datetime.timedelta(days=10),
        minutes=90,
        by=alice,
    )
    invitees, _made = invitees_by_email(
        gathering=party, emails=["carol@acme.test", "nina.vogel@client.example"], source="test"
    )
    guests_invite(gathering=party, invitees=invitees, by=alice)
    context = chromium.new_context(base_url=live_server.url, locale="de-DE", viewport=PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("alice@acme.test")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/")
    # Wide tables scroll inside their box (hidden labels in their rows included), never the page.
    for path in [
        "/coffee/programs/new/",
        "/people/",
        "/people/teams/",
        "/time-off/holidays/",
        "/accounts/settings/members/",
        "/api/docs",
        "/gatherings/",
        "/gatherings/new/",
        f"/gatherings/{party.pk}/",
        f"/gatherings/{party.pk}/pick/",
    ]:
        page.goto(path)
        assert page.evaluate(OVERFLOW) == {"page": 0, "header": 0}, path
    # Every field of the new-program form ends inside the screen.
    page.goto("/coffee/programs/new/")
    right = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('main input, main select, main textarea')]"
        ".map(el => el.getBoundingClientRect().right))"
    )
    assert right <= PHONE["width"]
    context.close()
