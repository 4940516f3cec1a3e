"""Hallway: keep relationships warm when work is remote."""
