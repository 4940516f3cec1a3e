"""The demo's wall of wins: months of wins, kudos and a webhook with its log, and not one
outbox message."""

import datetime

from hallway.demo.seed import demo_seed
from hallway.messaging.models import OutboxMessage
from hallway.rituals.models import Celebration, DeliveryResult, Kudos, WebhookDelivery

TODAY = datetime.date(2026, 12, 7)


def test_the_demo_fills_the_wall_and_sends_nothing(db):
    summary = demo_seed(today=TODAY)
    organisation = summary.organisation
    kinds = set(
        Celebration.objects.filter(organisation=organisation).values_list("kind", flat=True)
    )
    assert kinds == {"placement", "deal", "launch", "anniversary", "kudos", "win"}
    months = {
        posted.strftime("%Y-%m")
        for posted in Celebration.objects.values_list("posted_at", flat=True)
    }
    assert len(months) >= 3
    assert Kudos.objects.filter(organisation=organisation).count() >= 4
    assert set(WebhookDelivery.objects.values_list("result", flat=True)) == {
        DeliveryResult.ACCEPTED,
        DeliveryResult.BAD_SIGNATURE,
    }
    assert not OutboxMessage.objects.filter(idempotency_key__startswith="gong:").exists()
    before = Celebration.objects.count()
    demo_seed(today=TODAY)
    assert Celebration.objects.count() == before
