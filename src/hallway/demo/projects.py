"""The demo company's client projects, mid-way: a shop rollout with a client team in New York
(our side in Berlin and Amsterdam) and a platform migration for a Dutch client, each with a
goal, the demo organiser as lead, a sponsor, roles, responsibilities and key counterparts,
started a few weeks ago, and a coverage matrix half filled: some 1:1s met, some planned in
the coming days, one declined, the rest still missing.

Projects, rosters and the 1:1s that took place go through the projects' services (a met
1:1 is a touch with the contact, as in real use); the planned ones are written as rows, as a
planning run would have left them, so seeding sends no invitation. Idempotent: a project
that exists already is left alone. Their kickoff and meeting rhythm are seeded by
`demo.project_rhythm`.
"""

import datetime
from dataclasses import dataclass

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.demo.client_book import company_domain
from hallway.demo.project_rhythm import demo_project_rhythm_seed
from hallway.messaging.models import OutboxMessage
from hallway.people.models import Person, PersonStatus
from hallway.projects.models import OneOnOne, Project, RosterMember, Side
from hallway.projects.selectors.coverage import project_coverage
from hallway.projects.services.one_on_ones import one_on_one_record
from hallway.projects.services.projects import ProjectFields, project_create, project_update
from hallway.projects.services.roster import RoleFields, roster_add
from hallway.relationships.models import Company, CompanyKind, Contact
from hallway.relationships.services.records import company_save, contact_save

LEAD = "organiser@demo.hallway.test"


@dataclass(frozen=True)
class Theirs:
    name: str
    role: str
    responsibilities: str
    key: bool = False
    sponsor: bool = False


@dataclass(frozen=True)
class Ours:
    city: str
    role: str
    responsibilities: str
    key: bool = False
    sub_project: str = ""


@dataclass(frozen=True)
class ProjectSpec:
    name: str
    company: str
    timezone: str
    region: str
    language: str
    goal: str
    weeks_ago: int
    coverage_weeks: int
    ours: tuple[Ours, ...]
    theirs: tuple[Theirs, ...]
    # (our index, their index, status, days from today): met and declined in the past,
    # planned in the coming days; pairs not listed stay missing.
    one_on_ones: tuple[tuple[int, int, str, int], ...]
    meet_at_utc: datetime.time  # inside both sides' hours
    # The client's people in the client book, not yet on the roster.
    waiting: tuple[Theirs, ...] = ()


PROJECTS = (
    ProjectSpec(
        name="US shop rollout",
        company="Oakridge Consulting",
        timezone="America/New_York",
        region="US-NY",
        language="en",
        goal=(
            "Launch Oakridge's US web shop by 1 March with the same checkout and staffing "
            "flow as in Europe, run by their team in New York from day one."
        ),
        weeks_ago=4,
        coverage_weeks=6,
        ours=(
            Ours("Berlin", "Engagement lead", "Scope, plan and the weekly steering call.", True),
            Ours("Berlin", "Solution architect", "Checkout and payment integration.", False,
                 "Checkout"),
            Ours("Amsterdam", "Consultant", "Staffing flow and shift planning.", False,
                 "Staffing"),
            Ours("Amsterdam", "Change manager", "Training the New York team.", False),
        ),
        theirs=(
            Theirs("Megan Brooks", "VP Operations", "Sponsor: budget and go-live decision.",
                   key=True, sponsor=True),
            Theirs("Tyler Reed", "Head of e-commerce", "Owns the shop and its checkout.",
                   key=True),
            Theirs("Ashley Kim", "Store operations manager", "Shift planning in the stores."),
            Theirs("Jordan Lee", "IT lead", "Hosting, single sign-on and data."),
        ),
        # Joins later (the API's example puts him on a roster).
        waiting=(Theirs("Chris Young", "Vendor manager", "Contracts with the shop's vendors."),),
        one_on_ones=(
            (0, 0, "met", -20), (0, 1, "met", -18), (1, 1, "met", -12), (2, 0, "met", -9),
            (3, 1, "declined", -6), (0, 2, "planned", 2), (1, 0, "planned", 3),
        ),
        meet_at_utc=datetime.time(15, 0),  # 16:00 in Berlin and Amsterdam, 10:00 in New York
    ),
    ProjectSpec(
        name="Platform migration Windmolen",
        company="Windmolen Software",
        timezone="Europe/Amsterdam",
        region="NL",
        language="nl",
        goal=(
            "Move Windmolen's planning platform to the new cloud stack before the summer, "
            "without a day of downtime for their customers."
        ),
        weeks_ago=3,
        coverage_weeks=5,
        ours=(
            Ours("Amsterdam", "Projectleider", "Planning, budget and the client relationship.",
                 True),
            Ours("Amsterdam", "Cloud engineer", "Infrastructure and the cut-over.", False,
                 "Infrastructure"),
            Ours("Berlin", "Data engineer", "Migrating the planning data.", False, "Data"),
        ),
        theirs=(
            Theirs("Marloes van Dijk", "CTO", "Sponsor: architecture and go-live.", key=True,
                   sponsor=True),
            Theirs("Joost de Graaf", "Teamlead platform", "Their platform team and releases."),
            Theirs("Femke Visser", "Product owner", "Customer communication and acceptance."),
        ),
        one_on_ones=((0, 0, "met", -15), (1, 0, "met", -8), (0, 1, "planned", 1)),
        meet_at_utc=datetime.time(9, 0),  # 10:00 in Amsterdam and Berlin
    ),
)  # fmt: skip


@dataclass(frozen=True)
class ProjectsSummary:
    projects: int
    covered: int  # required 1:1s that took place, over the demo's projects
    required: int


def demo_projects(organisation: Organisation) -> list[Project]:
    """The demo's client projects (for whatever seeds more of them, e.g. their rhythm)."""
    return list(scoped(Project, organisation).filter(name__in=[p.name for p in PROJECTS]))


def demo_projects_seed(*, organisation: Organisation, today: datetime.date) -> ProjectsSummary:
    """Two client projects mid-way (see the module docstring)."""
    lead = User.objects.filter(email=LEAD).first()
    taken: set[int] = set()
    for spec in PROJECTS:
        if not scoped(Project, organisation).filter(name=spec.name).exists():
            _seed(organisation, spec, lead, today, taken)
    demo_project_rhythm_seed(
        projects=demo_projects(organisation),
        lead=lead,
        now=datetime.datetime.combine(today, datetime.time(7, 0), datetime.UTC),
    )
    # The kickoff, the series and their invitations went through the services, which queue
    # messages; the demo sends nothing.
    OutboxMessage.objects.filter(
        organisation=organisation, idempotency_key__startswith="projects:"
    ).delete()
    projects = demo_projects(organisation)
    coverages = [project_coverage(project=p) for p in projects]
    return ProjectsSummary(
        projects=len(projects),
        covered=sum(c.covered for c in coverages),
        required=sum(c.required for c in coverages),
    )


def _company(organisation: Organisation, spec: ProjectSpec) -> Company:
    company = scoped(Company, organisation).filter(name=spec.company).first()
    if company is not None:
        return company
    return company_save(
        organisation=organisation,
        data={
            "name": spec.company,
            "kind": CompanyKind.CLIENT,
            "language": spec.language,
            "timezone": spec.timezone,
            "holiday_region": spec.region,
        },
    )


def _contact(
    organisation: Organisation, company: Company, spec: ProjectSpec, who: Theirs
) -> Contact:
    email = ".".join(who.name.lower().split()) + "@" + company_domain(company.name)
    contact = scoped(Contact, organisation).filter(email=email).first()
    return contact_save(
        organisation=organisation,
        contact=contact,
        data={
            "name": who.name,
            "email": email,
            "company": company,
            "job_title": who.role,
            "language": spec.language,
            "timezone": spec.timezone,
            "holiday_region": spec.region,
            "source": "Project kickoff",
        },
    )


def _people(organisation: Organisation, city: str, today: datetime.date) -> list[Person]:
    return list(
        scoped(Person, organisation)
        .filter(location__name=city, status=PersonStatus.ACTIVE)
        .exclude(start_date__gt=today)
        .exclude(email=LEAD)
        .order_by("pk")
    )


def _seed(
    organisation: Organisation,
    spec: ProjectSpec,
    lead: User | None,
    today: datetime.date,
    taken: set[int],
) -> None:
    starts_on = today - datetime.timedelta(weeks=spec.weeks_ago)
    company = _company(organisation, spec)
    project = project_create(
        organisation=organisation,
        values=ProjectFields(
            name=spec.name,
            company=company,
            goal=spec.goal,
            starts_on=starts_on,
            ends_on=today + datetime.timedelta(weeks=12),
            lead=lead,
            language=spec.language,
            timezone=spec.timezone,
            coverage_weeks=spec.coverage_weeks,
        ),
        created_by=lead,
    )
    ours: list[RosterMember] = []
    for want in spec.ours:
        # Someone not yet on another demo project, so the two rosters differ.
        person = next(p for p in _people(organisation, want.city, today) if p.pk not in taken)
        taken.add(person.pk)
        values = RoleFields(want.role, want.responsibilities, want.key, want.sub_project)
        ours.append(
            roster_add(
                project=project, side=Side.OURS, person=person, values=values, joined_on=starts_on
            )
        )
    theirs: list[RosterMember] = []
    for who in spec.theirs:
        member = roster_add(
            project=project,
            side=Side.CLIENT,
            contact=_contact(organisation, company, spec, who),
            values=RoleFields(who.role, who.responsibilities, who.key),
            joined_on=starts_on,
        )
        theirs.append(member)
        if who.sponsor:
            project_update(project=project, values=ProjectFields(sponsor=member))
    for who in spec.waiting:
        _contact(organisation, company, spec, who)
    for our, their, status, days in spec.one_on_ones:
        moment = datetime.datetime.combine(
            _weekday(today + datetime.timedelta(days=days)), spec.meet_at_utc, tzinfo=datetime.UTC
        )
        if status == "planned":
            _planned(project, ours[our], theirs[their], moment)
        else:
            one_on_one_record(
                project=project, ours=ours[our], theirs=theirs[their], status=status, now=moment
            )


def _weekday(day: datetime.date) -> datetime.date:
    while day.isoweekday() > 5:
        day += datetime.timedelta(days=1)
    return day


def _planned(
    project: Project, ours: RosterMember, theirs: RosterMember, start: datetime.datetime
) -> None:
    """A 1:1 as a planning run leaves it, without its invitations."""
    OneOnOne.objects.create(
        organisation=project.organisation,
        project=project,
        ours=ours,
        theirs=theirs,
        start=start,
        end=start + datetime.timedelta(minutes=project.one_on_one_minutes),
        uid=f"project-1on1-demo-{project.pk}-{ours.pk}-{theirs.pk}@demo.hallway.test",
    )
