"""Health at a glance and the projects in the order they need attention."""

import datetime

from hallway.projects.models import OneOnOne, OneOnOneStatus, Project, ProjectStatus, Side
from hallway.projects.selectors import health
from hallway.projects.selectors.health import project_health, projects_by_attention
from hallway.projects.selectors.series import CadenceKept
from hallway.projects.services.roster import RoleFields, roster_add
from tests.factories import make_company, make_contact, make_person

TODAY = datetime.date(2027, 2, 1)


def _project(acme, name, *, status=ProjectStatus.ACTIVE, starts_on=datetime.date(2027, 1, 4)):
    return Project.objects.create(
        organisation=acme,
        name=name,
        company=make_company(acme, f"{name} Inc"),
        starts_on=starts_on,
        status=status,
    )


def _pair(acme, project, *, key=True):
    ours = roster_add(
        project=project,
        side=Side.OURS,
        person=make_person(acme, f"Ours {project.name}"),
        values=RoleFields(key_counterpart=key),
        joined_on=project.starts_on,
    )
    theirs = roster_add(
        project=project,
        side=Side.CLIENT,
        contact=make_contact(acme, f"Theirs {project.name}", company=project.company),
        joined_on=project.starts_on,
    )
    return ours, theirs


def test_a_project_s_health(acme, monkeypatch):
    project = _project(acme, "Quiet")
    _ours, theirs = _pair(acme, project)
    theirs.contact.last_touch_at = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
    theirs.contact.save()
    project.sponsor = theirs
    project.save()
    monkeypatch.setattr(health, "cadence_kept", lambda **_: CadenceKept(held=3, planned=5))
    monkeypatch.setattr(health, "open_blockers", lambda **_: 2)
    found = project_health(project, TODAY)
    assert (found.covered, found.required, found.overdue) == (0, 1, 1)  # due 25 January
    assert found.sponsor_days == 62
    assert found.sponsor_quiet
    assert found.cadence_percent == 60
    assert found.low_cadence
    assert found.low_coverage
    assert found.score == 3 + 2 + 2 + 2 + 2


def test_a_covered_project_with_a_recent_sponsor_needs_no_attention(acme):
    project = _project(acme, "Fine")
    ours, theirs = _pair(acme, project)
    OneOnOne.objects.create(
        organisation=acme, project=project, ours=ours, theirs=theirs, status=OneOnOneStatus.MET
    )
    theirs.contact.last_touch_at = datetime.datetime(2027, 1, 25, tzinfo=datetime.UTC)
    theirs.contact.save()
    project.sponsor = theirs
    project.save()
    found = project_health(project, TODAY)
    assert (found.covered, found.overdue, found.sponsor_days) == (1, 0, 7)
    assert found.score == 0


def test_projects_most_in_need_first_done_ones_last(acme):
    calm = _project(acme, "A calm one")
    overdue = _project(acme, "B overdue", starts_on=datetime.date(2026, 11, 2))
    _pair(acme, overdue)
    quiet_sponsor = _project(acme, "C quiet sponsor")
    _ours, theirs = _pair(acme, quiet_sponsor, key=False)  # nothing required
    quiet_sponsor.sponsor = theirs
    quiet_sponsor.save()
    done = _project(acme, "D done", status=ProjectStatus.DONE, starts_on=datetime.date(2026, 6, 1))
    _pair(acme, done)  # overdue too, but done
    names = [h.project.name for h in projects_by_attention(acme, TODAY)]
    assert names == [overdue.name, quiet_sponsor.name, calm.name, done.name]


def test_planned_one_on_ones_count_towards_coverage(acme):
    project = _project(acme, "Planned", starts_on=TODAY)
    ours, theirs = _pair(acme, project)
    assert project_health(project, TODAY).low_coverage
    OneOnOne.objects.create(
        organisation=acme,
        project=project,
        ours=ours,
        theirs=theirs,
        start=datetime.datetime(2027, 2, 3, 15, tzinfo=datetime.UTC),
        end=datetime.datetime(2027, 2, 3, 15, 30, tzinfo=datetime.UTC),
    )
    found = project_health(project, TODAY)
    assert (found.covered, found.planned, found.score) == (0, 1, 0)
