"""The demo program's rounds follow its cadence up to today, whatever weekday today is."""

import datetime
import itertools

import pytest
from django.test import override_settings

from hallway.coffee.models import Round
from hallway.demo.seed import demo_seed

FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize(
    "today",
    [datetime.date(2026, 12, 6), datetime.date(2025, 3, 3), datetime.date(2026, 12, 9)],
    ids=["a Sunday", "the round's Monday", "a Wednesday"],
)
def test_every_round_follows_the_cadence_without_a_gap(db, today):
    """ "Every 2 weeks" means every two weeks, up to the round being planned now."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHING):
        demo_seed(today=today)
    dates = list(Round.objects.order_by("number").values_list("scheduled_for", flat=True))
    assert len(dates) == 7
    assert {(b - a).days for a, b in itertools.pairwise(dates)} == {14}
    assert dates[-2] < today <= dates[-1]
