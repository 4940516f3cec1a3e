"""The pulse in a real browser: answering through the signed link, and the results page
at 390 px without sideways scrolling."""

import datetime

from django.utils import timezone

from hallway.demo.data import DEMO_PASSWORD
from hallway.demo.seed import demo_seed
from hallway.people.models import Person
from hallway.rituals.models import Pulse, PulseInvite, PulseResponse
from hallway.rituals.pulse_links import pulse_answer_url
from hallway.rituals.services.pulse_rounds import pulse_round_open
from tests.browser.conftest import log_in


def test_answer_through_the_link_and_read_the_results_on_a_phone(page, db):
    today = timezone.localdate()
    summary = demo_seed(today=today)
    pulse = Pulse.objects.get(organisation=summary.organisation, name="Weekly pulse")
    round, _created = pulse_round_open(pulse=pulse, day=today + datetime.timedelta(days=1))
    person = (
        Person.objects.filter(organisation=summary.organisation, preferred_language="en")
        .order_by("pk")
        .first()
    )
    PulseInvite.objects.create(organisation=pulse.organisation, round=round, person=person)
    before = PulseResponse.objects.filter(round=round).count()

    page.set_viewport_size({"width": 390, "height": 844})
    address = pulse_answer_url(round=round, person=person)
    page.goto("/" + address.split("://", 1)[1].split("/", 1)[1])
    assert page.get_by_role("heading", level=1).inner_text() == "Weekly pulse"
    for group in page.get_by_role("group").all():
        group.get_by_role("radio").nth(3).check()
    page.get_by_label("Anything else you would like to tell us? (optional)").fill("All good")
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_text("Your answers are saved").is_visible()
    assert PulseResponse.objects.filter(round=round).count() == before + 1

    log_in(page, "organiser@demo.hallway.test", DEMO_PASSWORD)
    page.goto(f"/rituals/pulses/{pulse.pk}/")
    assert page.get_by_role("heading", name="By department and team").is_visible()
    assert page.get_by_text("hidden", exact=False).first.is_visible()
    assert page.get_by_role("img").count() >= 3
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
