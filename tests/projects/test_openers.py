"""The small-talk opener of the week: a curated bank in three languages, one per week."""

import datetime
import itertools

from hallway.projects.openers import BANK, opener_of_week, opener_pick

MONDAY = datetime.date(2026, 11, 2)


def test_the_bank_is_written_in_every_language():
    assert len(BANK) >= 30
    assert len({o.key for o in BANK}) == len(BANK)
    for opener in BANK:
        assert opener.en
        assert opener.de != opener.en
        assert opener.nl != opener.en
        # German formal or neutral, never "du"; Dutch "je".
        assert " du " not in f" {opener.de.lower()} "
        assert "dein" not in opener.de.lower()
        assert " u " not in f" {opener.nl.lower()} "
    assert (
        BANK[0].text("nl")
        == "Hoe gaat het echt met je? Niet het snelle antwoord, maar het eerlijke."
    )
    assert BANK[0].text("fr") == BANK[0].en


def test_one_opener_per_week_and_never_the_same_two_weeks_in_a_row():
    for salt in range(1, 40):
        weeks = [MONDAY + datetime.timedelta(weeks=n) for n in range(len(BANK) * 2)]
        picks = [opener_pick(week, salt).key for week in weeks]
        assert all(a != b for a, b in itertools.pairwise(picks))
        # A whole round of the bank before any opener comes back.
        assert len(set(picks[: len(BANK)])) == len(BANK)
    # The same week shows the same opener, whichever day of it is asked about.
    thursday = MONDAY + datetime.timedelta(days=3)
    assert opener_of_week("en", MONDAY, 7) == opener_of_week("en", thursday, 7)


def test_in_the_meetings_language():
    opener = opener_pick(MONDAY, 3)
    assert opener_of_week("de", MONDAY, 3) == opener.de
    assert opener_of_week("nl-be", MONDAY, 3) == opener.nl
    assert opener_of_week("en", MONDAY, 3) == opener.en


def test_series_walk_the_bank_in_their_own_order():
    firsts = {opener_pick(MONDAY, salt).key for salt in range(1, 30)}
    assert len(firsts) > 5
