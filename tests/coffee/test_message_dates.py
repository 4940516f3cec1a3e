"""Outgoing coffee messages carry dates in the recipient's own form, as the pages do."""

import datetime

import pytest

from hallway.coffee.services.intros import pairing_introduce
from hallway.messaging.rendering import message_render, outbox_render
from tests.factories import make_round

# A Monday, 12:00 UTC (13:00 in Berlin and Amsterdam, 07:00 in New York).
MONDAY_NOON = datetime.datetime(2026, 12, 28, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def intros(program, members):
    dana, noor, eli, _frank = members
    round_ = make_round(
        program,
        [[dana, noor, eli]],
        starts_at=MONDAY_NOON - datetime.timedelta(days=7),
        slot_offset=datetime.timedelta(days=7),
        days=7,
    )
    return {m.person_id: m for m in pairing_introduce(pairing=round_.pairings.get())}


def test_each_member_reads_the_suggested_day_in_their_own_language(intros, dana, noor, eli):
    german = outbox_render(intros[dana.pk])
    assert "Montag, 28. Dezember 2026, 13:00" in german.text
    assert "Montag, 28. Dezember 2026, 13:00" in german.html
    dutch = outbox_render(intros[noor.pk])
    assert "maandag 28 december 2026, 13:00" in dutch.text
    english = outbox_render(intros[eli.pk])
    assert "Monday 28 December 2026, 07:00" in english.text
    # Machines still read ISO: the invite's times are not localised.
    assert intros[dana.pk].context["calendar"]["start"].startswith("2026-12-28T12:00")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Montag, 28. Dezember 2026"),
        ("nl", "maandag 28 december 2026"),
        ("en", "Monday 28 December 2026"),
    ],
)
@pytest.mark.parametrize("channel", ["email", "slack"])
def test_sitting_out_names_the_next_round_in_the_recipients_form(language, expected, channel):
    rendered = message_render(
        template="coffee_left_out",
        channel=channel,
        language=language,
        timezone_name="Europe/Berlin",
        context={"program_name": "Coffee", "reason": "odd_one_out", "next_round_on": "2026-12-28"},
    )
    assert expected in rendered.text
