"""Stand-ups in a real browser: answering through the signed link, and the stand-up page at
390 px (no sideways scrolling, no serious accessibility problem)."""

import datetime
from urllib.parse import urlparse

from django.utils import timezone

from hallway.rituals.models import CheckIn, CheckInStatus
from hallway.rituals.services.standups import StandUpData, checkin_answer, standup_create
from hallway.rituals.services.standups_run import standups_run_due
from hallway.rituals.standup_links import answer_url
from tests.browser.accessibility import assert_accessible, sign_in
from tests.factories import make_person, make_team

EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]


def _asked_team(acme, alice):
    """A team asked a moment ago (in UTC, working every day, so the test runs any time)."""
    now = timezone.now()
    team = make_team(acme, "Platform")
    people = [
        make_person(acme, name, team=team, timezone="UTC", working_days=EVERY_DAY)
        for name in ("Carol Meyer", "Dirk de Vries", "Emil Weber", "Bruna Costa Albuquerque")
    ]
    ask = (now - datetime.timedelta(minutes=10)).astimezone(datetime.UTC)
    standup = standup_create(
        organisation=acme,
        data=StandUpData(
            name="Platform daily",
            rule="FREQ=DAILY",
            starts_on=ask.date() - datetime.timedelta(days=1),
            ask_at=ask.time().replace(second=0, microsecond=0),
            circle_team=team,
        ),
        by=alice,
        now=now,
    )
    standups_run_due(organisation=acme, now=now)
    return standup, people


def test_answering_through_the_link(page, acme, alice):
    _standup, people = _asked_team(acme, alice)
    checkin = CheckIn.objects.get(person=people[0])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(urlparse(answer_url(checkin=checkin, language="en")).path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "stand-up answer form at 390 px")
    page.get_by_label("What did you do yesterday?").fill("Reviewed the billing migration")
    page.get_by_label("What will you do today?").fill("Pairing on the import")
    page.get_by_label("Anything blocking you?").fill("Waiting for staging credentials")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_text("Your answers are saved").wait_for()
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.ANSWERED
    assert checkin.mood == 4
    assert checkin.blocked

    # The same link opens the answers again, to change them until the cut-off.
    page.goto(urlparse(answer_url(checkin=checkin, language="en")).path)
    assert page.get_by_label("What will you do today?").input_value() == "Pairing on the import"


def test_the_stand_up_page_at_390_px(page, live_server, acme, alice):
    standup, people = _asked_team(acme, alice)
    long_word = "Staging-credentials-for-the-new-billing-cluster-still-missing" * 2
    for person, mood in zip(people[:3], (4, 3, 5), strict=True):
        checkin_answer(
            checkin=CheckIn.objects.get(person=person),
            yesterday="Reviewed the billing migration and the new onboarding emails",
            today="Pairing on the import",
            blockers=long_word if mood == 4 else "",
            mood=mood,
            now=timezone.now(),
        )
    sign_in(page.context, alice, live_server.url)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/rituals/standups/{standup.pk}/")
    page.get_by_role("heading", name="Blockers").wait_for()
    assert page.get_by_text("Team mood: 4.0 of 5").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width} px)"
    assert_accessible(page, "stand-up at 390 px")

    page.get_by_role("button", name="Mark resolved").first.click()
    page.get_by_role("button", name="Open again").first.wait_for()
    assert CheckIn.objects.filter(blocker_resolved_at__isnull=False).count() == 1
