"""Rituals: async stand-ups and check-ins, the weekly pulse, and the virtual gong.

A ritual's people come from a *circle* (a team, a department, a location, a hand-picked
list, or everyone): `models.circles` and `selectors.circles`. Stand-ups ask each person at
their own local time and send a digest; the pulse stores its answers without the person
and shows a figure only for groups of at least k answers; the gong carries wins to the
organisation's channels. See docs/rituals.md.
"""
