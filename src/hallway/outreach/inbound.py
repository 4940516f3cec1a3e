"""Outreach's events for the signed inbound webhook (see `messaging.inbound`)."""

from hallway.outreach import job_inbound  # noqa: F401  (candidate and order events)
