"""How fast a project lead's 1:1 planning and coverage are on a large client project.

The project: OURS people of ours (Berlin, Amsterdam) and THEIRS of the client and a
partner (New York, Amsterdam), KEY key counterparts on each side, so every one of ours
needs a 1:1 with each key counterpart across and the other way round (about 1,400 pairs
at the defaults), nobody met yet.

Timed, as the user runs them: the whole `hallway project plan-one-on-ones --dry-run
--json` command and the whole `hallway project coverage --json` command (a new process
each time, Django's start included; median of REPEAT), the planner alone (the engine on
the same pairs), and the coverage page and the project list through Django's test client
(p95 of PAGES requests). Targets: the planning command ≤ 5 s, coverage ≤ 1.5 s, pages ≤
500 ms p95. Runs on a throw-away SQLite file.

    .venv/bin/python bench/projects.py
    OURS=60 THEIRS=80 KEY=12 .venv/bin/python bench/projects.py
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OURS = int(os.environ.get("OURS", "40"))
THEIRS = int(os.environ.get("THEIRS", "60"))
KEY = int(os.environ.get("KEY", "10"))
REPEAT = int(os.environ.get("REPEAT", "3"))
PAGES = int(os.environ.get("PAGES", "20"))
TARGET_PLAN_S = 5.0
TARGET_COVERAGE_S = 1.5
TARGET_PAGE_MS = 500.0
HERE = Path(__file__).resolve().parent
HALLWAY = HERE.parent / ".venv" / "bin" / "hallway"


def build() -> int:
    from hallway.accounts.models import Membership, Organisation, Role, User
    from hallway.people.models import Person
    from hallway.projects.models import Project, RosterMember, Side
    from hallway.relationships.models import Company, Contact

    organisation = Organisation.objects.create(name="Bench", slug="bench")
    lead = User.objects.create_user(email="lead@bench.test", password=None)
    Membership.objects.create(user=lead, organisation=organisation, role=Role.ORGANISER)
    company = Company.objects.create(
        organisation=organisation, name="Client", timezone="America/New_York"
    )
    project = Project.objects.create(
        organisation=organisation,
        name="Rollout",
        company=company,
        starts_on=datetime.date(2026, 12, 1),
        lead=lead,
    )
    zones = ["Europe/Berlin", "Europe/Amsterdam"]
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            name=f"Ours {i}",
            email=f"ours{i}@bench.test",
            timezone=zones[i % 2],
        )
        for i in range(OURS)
    )
    theirs_zones = ["America/New_York", "Europe/Amsterdam", "America/New_York"]
    contacts = Contact.objects.bulk_create(
        Contact(
            organisation=organisation,
            name=f"Theirs {j}",
            email=f"theirs{j}@client.test",
            company=company,
            timezone=theirs_zones[j % 3],
        )
        for j in range(THEIRS)
    )
    RosterMember.objects.bulk_create(
        [
            RosterMember(
                organisation=organisation,
                project=project,
                person=p,
                side=Side.OURS,
                key_counterpart=i < KEY,
                joined_on=project.starts_on,
            )
            for i, p in enumerate(people)
        ]
        + [
            RosterMember(
                organisation=organisation,
                project=project,
                contact=c,
                side=Side.CLIENT,
                key_counterpart=j < KEY,
                joined_on=project.starts_on,
            )
            for j, c in enumerate(contacts)
        ]
    )
    return project.pk


def whole_command(data_dir: str, *args: str) -> tuple[float, object]:
    times = []
    out: object = None
    for _ in range(REPEAT):
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603  (our own command, fixed arguments)
            [str(HALLWAY), "project", *args, "--org", "bench", "--json"],
            env={**os.environ, "HALLWAY_DATA_DIR": data_dir},
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(time.perf_counter() - started)
        out = json.loads(done.stdout)
    return statistics.median(times), out


def page_p95(client: object, url: str) -> float:
    client.get(url)  # type: ignore[attr-defined]  # the first request compiles the templates
    times = []
    for _ in range(PAGES):
        started = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="hallway-bench-projects-")
    os.environ["HALLWAY_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    project_id = build()

    from hallway.accounts.models import User
    from hallway.projects.models import Project
    from hallway.projects.selectors.coverage import project_coverage
    from hallway.projects.services.one_on_ones import one_on_ones_plan

    project = Project.objects.get(pk=project_id)
    required = project_coverage(project=project).required
    started = time.perf_counter()
    plan = one_on_ones_plan(project=project, weeks=3, per_week=2, now=timezone.now(), dry_run=True)
    service_s = time.perf_counter() - started

    plan_s, planned = whole_command(
        data_dir,
        "plan-one-on-ones",
        str(project_id),
        "--weeks",
        "3",
        "--per-week",
        "2",
        "--dry-run",
    )
    coverage_s, _coverage = whole_command(data_dir, "coverage", str(project_id))
    assert isinstance(planned, dict)

    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(email="lead@bench.test"))
    pages = {}
    for name, url in (
        ("list", "/projects/"),
        ("coverage", f"/projects/{project_id}/coverage/"),
    ):
        try:
            pages[name] = page_p95(client, url)
        except AssertionError:
            pages[name] = float("nan")

    print(
        f"Client project: {OURS} of ours × {THEIRS} of theirs, {KEY} key counterparts a side, "
        f"{required:,} required 1:1s (targets: plan ≤ {TARGET_PLAN_S:.0f} s, coverage ≤ "
        f"{TARGET_COVERAGE_S} s whole command; pages ≤ {TARGET_PAGE_MS:.0f} ms p95)"
    )
    print(
        f"planned {len(plan.meetings):,} in 3 weeks at 2 a week, {len(plan.unplannable):,} "
        f"left (capacity)"
    )
    print(f"{'plan service (dry run)':<34} {service_s:>7.2f} s")
    print(f"{'plan-one-on-ones, whole command':<34} {plan_s:>7.2f} s")
    print(f"{'coverage --json, whole command':<34} {coverage_s:>7.2f} s")
    for name, p95 in pages.items():
        print(f"{name + ' page p95':<34} {p95:>7.0f} ms")
    slow = (
        plan_s > TARGET_PLAN_S
        or coverage_s > TARGET_COVERAGE_S
        or any(p > TARGET_PAGE_MS for p in pages.values())
    )
    if slow:
        print("over the target")
        sys.exit(1)


if __name__ == "__main__":
    main()
