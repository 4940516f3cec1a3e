"""The JSON shapes the command line and the API share (the interface contract of issue 17):
a project's 1:1 coverage, and a planning run's meetings and the pairs it could not plan."""

from typing import Any

from hallway.projects.models import Project
from hallway.projects.selectors.coverage import project_coverage
from hallway.projects.services.one_on_ones import OneOnOnePlanResult


def coverage_json(project: Project) -> dict[str, Any]:
    """`{"pairs": [{"ours", "theirs", "status", "at"?}], "covered", "required"}`; `at` only
    where the pair has a date (met, planned, declined)."""
    coverage = project_coverage(project=project)
    pairs = []
    for pair in coverage.pairs:
        row: dict[str, Any] = {
            "ours": pair.ours.email,
            "theirs": pair.theirs.email,
            "status": pair.status,
        }
        if pair.at is not None:
            row["at"] = pair.at.isoformat()
        pairs.append(row)
    return {"pairs": pairs, "covered": coverage.covered, "required": coverage.required}


def plan_json(plan: OneOnOnePlanResult) -> dict[str, Any]:
    """`{"meetings": [{"ours", "theirs", "start"}], "unplannable": [{"ours", "theirs",
    "reason"}]}`, starts in ISO 8601 (UTC)."""
    return {
        "meetings": [
            {"ours": m.ours.email, "theirs": m.theirs.email, "start": m.start.isoformat()}
            for m in plan.meetings
        ],
        "unplannable": [
            {"ours": u.ours.email, "theirs": u.theirs.email, "reason": u.reason}
            for u in plan.unplannable
        ],
    }
