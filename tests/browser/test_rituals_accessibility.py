"""axe-core over every rituals page, on the demo organisation (so each page shows its real
content: a month of stand-up answers, three months of pulse rounds with hidden teams, a
wall of wins), in English and German, on a laptop and on a phone."""

import pytest
from django.utils import timezone

from hallway.demo.data import DEMO_PASSWORD
from hallway.demo.seed import demo_seed
from hallway.rituals.models import Pulse, StandUp
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import log_in

PHONE = {"width": 390, "height": 844}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _pages(organisation):
    standup = StandUp.objects.get(organisation=organisation, name="Mobile daily")
    pulse = Pulse.objects.get(organisation=organisation, name="Weekly pulse")
    return [
        ("stand-ups", "/rituals/standups/"),
        ("stand-up", f"/rituals/standups/{standup.pk}/"),
        ("stand-up form", f"/rituals/standups/{standup.pk}/edit/"),
        ("pulses", "/rituals/pulses/"),
        ("pulse results", f"/rituals/pulses/{pulse.pk}/"),
        ("pulse form", f"/rituals/pulses/{pulse.pk}/edit/"),
        ("wall of wins", "/rituals/wins/"),
        ("gong setup", "/rituals/gong/"),
        ("ritual settings", "/rituals/settings/"),
    ]


@pytest.mark.parametrize(
    ("locale", "viewport"),
    [("en-GB", {"width": 1280, "height": 900}), ("de-DE", PHONE)],
    ids=["english-laptop", "german-phone"],
)
def test_every_rituals_page_is_accessible(chromium, live_server, db, locale, viewport):
    summary = demo_seed(today=timezone.localdate())
    context = chromium.new_context(base_url=live_server.url, locale=locale, viewport=viewport)
    page = context.new_page()
    if locale == "en-GB":
        log_in(page, "admin@demo.hallway.test", DEMO_PASSWORD)
    else:
        page.goto("/accounts/login/")
        page.get_by_label("E-Mail-Adresse").fill("admin@demo.hallway.test")
        page.get_by_label("Passwort").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url("**/")
    for name, path in _pages(summary.organisation):
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, name
        assert_accessible(page, f"{name} ({locale})")
        assert page.evaluate(OVERFLOW) <= 0, name
    context.close()
