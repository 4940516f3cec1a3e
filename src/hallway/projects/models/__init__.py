"""The projects' models: the project and its roster, and its meetings."""

from hallway.projects.models.meetings import (
    MeetingHeld,
    MeetingSeries,
    OneOnOne,
    OneOnOneStatus,
    SeriesCircle,
    SeriesKind,
)
from hallway.projects.models.project import Project, ProjectStatus, RosterMember, Side

__all__ = [
    "MeetingHeld",
    "MeetingSeries",
    "OneOnOne",
    "OneOnOneStatus",
    "Project",
    "ProjectStatus",
    "RosterMember",
    "SeriesCircle",
    "SeriesKind",
    "Side",
]
