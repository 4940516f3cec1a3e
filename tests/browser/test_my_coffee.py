"""My coffee in a real browser: a member of the demo company with past matches answers
"did you meet?" right on the page. With HALLWAY_SCREENSHOTS=1 it writes
docs/screenshots/my-coffee.png."""

import datetime
import os
from pathlib import Path

from django.urls import reverse

from hallway.coffee.models import PairingMember
from hallway.coffee.selectors.participants import SENT
from hallway.demo.data import DEMO_PASSWORD
from hallway.demo.seed import demo_seed
from hallway.people.models import Person
from tests.browser.conftest import log_in

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "my-coffee.png"


def test_a_member_reads_their_past_matches_and_answers_one(page, db):
    demo_seed(today=datetime.date.today())
    jonas = Person.objects.get(user__email="member@demo.hallway.test")
    # Their newest coffee date still waits for their answer.
    newest = (
        PairingMember.objects.filter(person=jonas, pairing__round__status__in=SENT)
        .order_by("-pairing__due_on")
        .first()
    )
    assert newest is not None
    PairingMember.objects.filter(pk=newest.pk).update(outcome="", rating=None, answered_at=None)
    partner = newest.pairing.members.exclude(person=jonas).get().person

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "member@demo.hallway.test", DEMO_PASSWORD)
    page.goto(reverse("coffee:my_coffee"))
    matches = page.locator("section#matches")
    assert matches.get_by_role("heading", level=2).inner_text() == "Your matches"
    rows = matches.locator("li.coffee-match")
    assert rows.count() >= 3
    first = rows.first
    assert partner.name in first.inner_text()
    assert "You have not answered yet." in first.inner_text()
    assert "Your answer: We met" in rows.nth(1).inner_text()

    first.get_by_text("Did you meet? Answer here").click()
    first.get_by_role("radio", name="We met").check()
    first.get_by_role("radio", name="5").check()
    if os.environ.get("HALLWAY_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    first.get_by_role("button", name="Send my answer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Thank you: your answer is saved.").is_visible()
    answered = PairingMember.objects.get(pk=newest.pk)
    assert (answered.outcome, answered.rating) == ("met", 5)
    assert "Your answer: We met" in page.locator("li.coffee-match").first.inner_text()
