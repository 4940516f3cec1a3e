"""Outreach's events for the signed inbound webhook (see `messaging.inbound`). (being built)"""
