"""Each breakout room's prompt: small talk first, then something personal, then the topic,
in the reader's language."""

from django.utils import translation

from hallway.gatherings.models import BreakoutRoom
from hallway.gatherings.prompts import TOPIC, prompt_text
from hallway.gatherings.services.breakouts import breakouts_plan
from tests.gatherings.test_breakouts import party


def test_rounds_warm_up_then_go_personal_then_to_the_topic(acme):
    gathering, _guests = party(acme, 9)
    gathering.topic = "Remote onboarding"
    gathering.save()
    breakouts_plan(gathering=gathering, rounds=4, size=3)
    rooms = BreakoutRoom.objects.filter(gathering=gathering).order_by("round_number", "number")
    assert {r.prompt.split(":")[0] for r in rooms if r.round_number == 1} == {"playful"}
    assert {r.prompt.split(":")[0] for r in rooms if r.round_number == 2} == {"personal"}
    assert {r.prompt for r in rooms if r.round_number == 3} == {TOPIC}
    assert {r.prompt.split(":")[0] for r in rooms if r.round_number == 4} == {"work"}
    first_round = [r.prompt for r in rooms if r.round_number == 1]
    assert len(set(first_round)) == len(first_round)  # every room its own starter

    topic_room = next(r for r in rooms if r.round_number == 3)
    with translation.override("de"):
        assert "Remote onboarding" in prompt_text(topic_room.prompt, gathering)
        assert prompt_text(topic_room.prompt, gathering).startswith("Das Thema heute")
    with translation.override("nl"):
        assert prompt_text(first_round[0], gathering)


def test_without_a_topic_the_third_round_talks_about_work(acme):
    gathering, _guests = party(acme, 6)
    breakouts_plan(gathering=gathering, rounds=3, size=3)
    third = BreakoutRoom.objects.filter(gathering=gathering, round_number=3)
    assert {room.prompt.split(":")[0] for room in third} == {"work"}
