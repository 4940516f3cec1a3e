"""Absences: who is away when, for every capability.

Public holidays (for the whole organisation, or at one location, pre-filled from the
`holidays` package by the location's country and subdivision), personal out-of-office
ranges, and one selector (`selectors.AbsenceCalendar`) that answers "is this person away
on this day / during these days", combining those with the person's working days and
their pause in the directory. Capabilities ask it; none keeps its own idea of absence.
"""
