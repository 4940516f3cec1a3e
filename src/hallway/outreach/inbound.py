"""Outreach's events for the signed inbound webhook (see `messaging.inbound`): an ATS's
candidate stages and orders (`job_inbound`), its placements (`inbound_care`)."""

from hallway.outreach import inbound_care, job_inbound  # noqa: F401  (registers them)
