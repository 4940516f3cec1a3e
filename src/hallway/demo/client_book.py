"""The demo company's client book: companies with two years of orders and touches, their
contacts, candidates and contractors, personal details and notes.

It tells a story on any day: everything is relative to `today`, drawn with the demo's seed.
Weekly, monthly and quarterly clients order at their own pace; five have gone quiet against
it (a weekly client silent for five weeks, a monthly one for over three months); a quarterly
client sits at day 60, which is fine for it. The organiser and the admin own most of the
book, so their "reach out today" queue is full on first start: overdue cadences, details to
ask about, candidates waiting for news.

Written in bulk (a few dozen queries), once: a client book that exists is left alone.
"""

import datetime
import itertools
import random
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from babel.dates import format_date
from django.db import transaction

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.demo.client_book_data import (
    AGENCY,
    CANDIDATE_SUMMARIES,
    CANDIDATE_TAGS,
    CLIENT_TAGS,
    COMPANIES,
    COMPANY_NOTES,
    CONTRACTOR_SUMMARIES,
    DETAILS,
    JOB_TITLES,
    MARATHON,
    MARATHON_COMPANY,
    NAME_ORIGINS,
    NOTES,
    ORDER_TITLES,
    PARTNER_SUMMARIES,
    PHONE_PREFIX,
    PROSPECT_SUMMARIES,
    SENSITIVE,
    SOURCES,
    SUMMARIES,
    CompanySpec,
    DetailSpec,
)
from hallway.demo.data import FIRST_NAMES, LAST_NAMES, LOGINS, SEED
from hallway.demo.roster import ascii_fold
from hallway.people.models import Person
from hallway.relationships.models import (
    Company,
    CompanyKind,
    Contact,
    ContactKind,
    Detail,
    Direction,
    LegalBasis,
    Note,
    Order,
    OrderStatus,
    Touch,
    TouchKind,
    TouchSource,
    Visibility,
)
from hallway.relationships.services.records import CompanyData, company_save, tags_by_name

YEAR = 365
CANDIDATES = 22
LOOSE_CONTRACTORS = 7  # contractors on their own; five more come through the agency
AGENCY_CONTRACTORS = 5
# Who owns what: the organiser and the admin the most, so their queue is full.
OWNER_WEIGHTS = {
    "organiser@demo.hallway.test": 30,
    "admin@demo.hallway.test": 38,
    "owner@demo.hallway.test": 16,
    "member@demo.hallway.test": 16,
}
TOUCH_KINDS = (
    (TouchKind.EMAIL, 32),
    (TouchKind.CALL, 22),
    (TouchKind.VIDEO, 22),
    (TouchKind.MEETING, 10),
    (TouchKind.MESSAGE, 9),
    (TouchKind.COFFEE, 5),
)
CADENCES = (14, 30, 60, 91)
QUEUE_OWNERS = ("organiser@demo.hallway.test", "admin@demo.hallway.test")


@dataclass(frozen=True)
class ClientBookSummary:
    companies: int
    contacts: int
    orders: int
    touches: int


@dataclass
class _Planned:
    """A contact before it is written: its owners and tags go in after it has a key."""

    contact: Contact
    owners: list[User]
    tags: list[str] = field(default_factory=list)


@dataclass
class ClientBook:
    """Everything the book holds, as unsaved objects (pure: nothing read or written)."""

    companies: list[tuple[Company, CompanyData]] = field(default_factory=list)
    contacts: list[_Planned] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    touches: list[tuple[Touch, list[Contact]]] = field(default_factory=list)
    details: list[Detail] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def demo_client_book_seed(*, organisation: Organisation, today: datetime.date) -> ClientBookSummary:
    """Write the client book unless the organisation has one already."""
    companies = scoped(Company, organisation)
    if not companies.exists():
        users = {user.email: user for user in User.objects.filter(email__in=OWNER_WEIGHTS)}
        taken = set(scoped(Person, organisation).values_list("name", flat=True))
        book = client_book_plan(
            organisation=organisation, users=users, today=today, taken_names=taken
        )
        _write(organisation, book)
    return client_book_summary(organisation)


def client_book_summary(organisation: Organisation) -> ClientBookSummary:
    """What the book holds now (later parts of the demo add contacts and touches too)."""
    return ClientBookSummary(
        companies=scoped(Company, organisation).count(),
        contacts=scoped(Contact, organisation).count(),
        orders=scoped(Order, organisation).count(),
        touches=scoped(Touch, organisation).count(),
    )


def client_book_plan(
    *,
    organisation: Organisation,
    users: dict[str, User],
    today: datetime.date,
    taken_names: Iterable[str] = (),
) -> ClientBook:
    """The whole client book for `today`, the same for the same day every time."""
    return _Planner(organisation, users, today, set(taken_names)).plan()


class _Planner:
    def __init__(
        self,
        organisation: Organisation,
        users: dict[str, User],
        today: datetime.date,
        taken_names: set[str],
    ) -> None:
        self.organisation = organisation
        self.users = [users[login.email] for login in LOGINS if login.email in OWNER_WEIGHTS]
        self.weights = [OWNER_WEIGHTS[user.email] for user in self.users]
        self.today = today
        self.rng = random.Random(SEED + 14)
        self.names = set(taken_names)
        self.book = ClientBook()
        # The newest touch of each contact and company, for the derived fields.
        self.last_touch: dict[int, datetime.datetime] = {}

    def plan(self) -> ClientBook:
        organiser = self._user("organiser@demo.hallway.test")
        admin = self._user("admin@demo.hallway.test")
        agency_contractors: list[Contact] = []
        # The clients whose story is told (gone quiet, fine at day 60) take turns between
        # the admin and the organiser, so both see them on first start.
        storytellers = itertools.cycle((admin, organiser))
        for spec in COMPANIES:
            owners: list[User] | None = None
            if spec.since is not None:
                owners = [next(storytellers)]
            elif spec.name == MARATHON_COMPANY:
                owners = [organiser]  # the marathon runner's detail is the organiser's
            company, owners = self._company(spec, owners)
            contacts = self._company_contacts(spec, company, owners)
            if spec.name == AGENCY:
                agency_contractors = [
                    self._person(ContactKind.CONTRACTOR, [admin], company=company)
                    for _ in range(AGENCY_CONTRACTORS)
                ]
                contacts += agency_contractors
            self._orders(spec, company, contacts, owners)
            self._company_touches(spec, company, contacts, owners)
            if spec.name == MARATHON_COMPANY:
                self._detail(contacts[0], MARATHON, organiser, Visibility.OWNERS)
        candidates = [
            self._person(ContactKind.CANDIDATE, [organiser if i % 4 else admin])
            for i in range(CANDIDATES)
        ]
        contractors = [
            self._person(ContactKind.CONTRACTOR, [admin if i % 3 else organiser])
            for i in range(LOOSE_CONTRACTORS)
        ]
        self._people_touches(candidates, CANDIDATE_SUMMARIES, span=120, gap=14)
        self._people_touches(
            contractors + agency_contractors, CONTRACTOR_SUMMARIES, span=YEAR, gap=40
        )
        self._cadences()
        self._details_and_notes()
        self._derived()
        return self.book

    # --- helpers -------------------------------------------------------------------------

    def _user(self, email: str) -> User:
        return next(user for user in self.users if user.email == email)

    def _owner(self) -> User:
        return self.rng.choices(self.users, weights=self.weights)[0]

    def _day(self, days_ago: float) -> datetime.date:
        return self.today - datetime.timedelta(days=round(days_ago))

    def _workday(self, day: datetime.date) -> datetime.date:
        # People work on weekdays: a Saturday or Sunday moves back to the Friday.
        return day - datetime.timedelta(days=max(0, day.isoweekday() - 5))

    def _moment(self, day: datetime.date, zone: str) -> datetime.datetime:
        hour = self.rng.randint(8, 16)
        minute = self.rng.choice((0, 15, 30, 45))
        return datetime.datetime.combine(
            day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone)
        )

    def _name(self, language: str) -> tuple[str, str, str]:
        origins = NAME_ORIGINS[language]
        origin = self.rng.choices([o for o, _ in origins], weights=[w for _, w in origins])[0]
        while True:
            first = self.rng.choice(FIRST_NAMES[origin])
            last = self.rng.choice(LAST_NAMES[origin])
            name = f"{first} {last}"
            if name not in self.names:
                self.names.add(name)
                return first, last, name

    def _phone(self, region: str) -> str:
        prefix = PHONE_PREFIX[region.split("-")[0]]
        digits = "".join(str(self.rng.randint(0, 9)) for _ in range(9))
        return f"{prefix} {digits[:3]} {digits[3:6]} {digits[6:]}"

    # --- companies, contacts, orders, touches --------------------------------------------

    def _company(self, spec: CompanySpec, owners: list[User] | None) -> tuple[Company, list[User]]:
        if owners is None:
            owners = [self._owner()]
            if self.rng.random() < 0.3:
                other = self._owner()
                if other not in owners:
                    owners.append(other)
        start = self._day(spec.years * YEAR)
        company = Company(
            organisation=self.organisation,
            created_at=datetime.datetime.combine(start, datetime.time(9), tzinfo=datetime.UTC),
        )
        data = CompanyData(
            name=spec.name,
            kind=spec.kind,
            industry=spec.industry,
            language=spec.language,
            timezone=spec.timezone,
            holiday_region=spec.region,
            website=f"https://www.{company_domain(spec.name)}",
            owner_emails=[owner.email for owner in owners],
        )
        if spec.hours is not None:
            data["work_start"] = datetime.time.fromisoformat(spec.hours[0])
            data["work_end"] = datetime.time.fromisoformat(spec.hours[1])
        self.book.companies.append((company, data))
        return company, owners

    def _company_contacts(
        self, spec: CompanySpec, company: Company, owners: list[User]
    ) -> list[Contact]:
        if spec.kind == CompanyKind.CLIENT:
            count = (
                self.rng.randint(4, 5) if (spec.order_gap or 99) <= 14 else self.rng.randint(2, 4)
            )
            kind = ContactKind.CLIENT
        elif spec.kind == CompanyKind.PROSPECT:
            count, kind = self.rng.randint(1, 2), ContactKind.PROSPECT
        else:
            count, kind = self.rng.randint(1, 3), ContactKind.OTHER
        domain = company_domain(spec.name)
        contacts = []
        for index in range(count):
            first, last, name = self._name(spec.language)
            email = f"{ascii_fold(first)}.{ascii_fold(last)}@{domain}"
            contact = Contact(
                organisation=self.organisation,
                name=name,
                email=email,
                phone=self._phone(spec.region) if self.rng.random() < 0.8 else "",
                kind=kind,
                company=company,
                job_title=self.rng.choice(
                    JOB_TITLES["client" if kind != ContactKind.OTHER else "partner"]
                ),
                language=spec.language if self.rng.random() < 0.3 else "",
                legal_basis=(
                    LegalBasis.CONTRACT if kind == ContactKind.CLIENT
                    else LegalBasis.LEGITIMATE_INTEREST
                ),
                source=self.rng.choice(SOURCES),
                created_at=company.created_at,
            )  # fmt: skip
            # Mostly the company's first owner; the main contact sometimes has both.
            contact_owners = owners if index == 0 else [owners[0]]
            tags = self.rng.sample(CLIENT_TAGS, k=self.rng.choice((0, 1, 1, 2)))
            self.book.contacts.append(_Planned(contact, contact_owners, tags))
            contacts.append(contact)
        return contacts

    def _person(self, kind: str, owners: list[User], company: Company | None = None) -> Contact:
        """A candidate or a contractor: their own language and zone, consent on record."""
        language, zone, region = self.rng.choice(
            (
                ("de", "Europe/Berlin", "DE"),
                ("de", "Europe/Berlin", "DE"),
                ("nl", "Europe/Amsterdam", "NL"),
                ("en", "Europe/Lisbon", "DE"),
                ("en", "Europe/Istanbul", "DE"),
                ("en", "Asia/Kolkata", "DE"),
            )
        )
        first, last, name = self._name(language)
        email = f"{ascii_fold(first)}.{ascii_fold(last)}@mail.example"
        consent = self._day(self.rng.randint(20, 300))
        contact = Contact(
            organisation=self.organisation,
            name=name,
            email=email,
            phone=self._phone(region),
            kind=kind,
            company=company,
            job_title=self.rng.choice(JOB_TITLES[kind]),
            language=language,
            timezone=zone,
            legal_basis=LegalBasis.CONSENT
            if kind == ContactKind.CANDIDATE
            else LegalBasis.CONTRACT,
            consent_on=consent if kind == ContactKind.CANDIDATE else None,
            source=self.rng.choice(SOURCES[:3]),
            created_at=datetime.datetime.combine(consent, datetime.time(10), tzinfo=datetime.UTC),
        )
        tags = self.rng.sample(CANDIDATE_TAGS, k=self.rng.randint(1, 2))
        self.book.contacts.append(_Planned(contact, owners, tags))
        return contact

    def _orders(
        self, spec: CompanySpec, company: Company, contacts: list[Contact], owners: list[User]
    ) -> None:
        if spec.order_gap is None:
            return
        gap = spec.order_gap
        since = spec.since if spec.since is not None else self.rng.randint(0, int(gap * 0.6))
        start = spec.years * YEAR
        day = self._day(since)
        first = True
        while (self.today - day).days < start:
            when = day if first else self._workday(day)
            first = False
            age = (self.today - when).days
            self.book.orders.append(
                Order(
                    organisation=self.organisation,
                    company=company,
                    title=self.rng.choice(ORDER_TITLES[spec.language]),
                    at=when,
                    status=self._order_status(age),
                    contact=self.rng.choice(contacts),
                    created_by=owners[0],
                    created_at=datetime.datetime.combine(
                        when, datetime.time(12), tzinfo=datetime.UTC
                    ),
                )
            )
            day -= datetime.timedelta(days=max(2, round(gap * self.rng.uniform(0.75, 1.25))))

    def _order_status(self, age: int) -> str:
        roll = self.rng.random()
        if age > 60:
            return (
                OrderStatus.FILLED if roll < 0.7
                else OrderStatus.CANCELLED if roll < 0.85
                else OrderStatus.LOST
            )  # fmt: skip
        return (
            OrderStatus.OPEN if roll < 0.7
            else OrderStatus.ON_HOLD if roll < 0.85
            else OrderStatus.FILLED
        )  # fmt: skip

    def _company_touches(
        self, spec: CompanySpec, company: Company, contacts: list[Contact], owners: list[User]
    ) -> None:
        if spec.kind == CompanyKind.CLIENT:
            gap = min(max(spec.order_gap or 30, 10), 30)
            templates: Sequence[str] | None = None
        elif spec.kind == CompanyKind.PROSPECT:
            gap, templates = self.rng.randint(21, 45), PROSPECT_SUMMARIES
        else:
            gap, templates = 30, PARTNER_SUMMARIES
        if spec.since is not None and spec.order_gap and spec.since > spec.order_gap:
            # Gone quiet: the last word came a few days after the last order.
            last = spec.since - self.rng.randint(2, 6)
        elif spec.since is not None:
            last = 12  # the quarterly client at day 60: a planning call not long ago
        else:
            last = self.rng.randint(1, int(gap * 0.9))
        start = min(spec.years, 2.0) * YEAR
        days_ago = float(last)
        story = spec.last_words
        while days_ago < start:
            kind = self.rng.choices(
                [k for k, _ in TOUCH_KINDS], weights=[w for _, w in TOUCH_KINDS]
            )[0]
            if story:
                kind = TouchKind.CALL
            by = self.rng.choice(owners) if self.rng.random() < 0.8 else self._owner()
            self._touch(
                kind,
                self._workday(self._day(days_ago)),
                zone=spec.timezone,
                by=by,
                contacts=self._some(contacts),
                company=company,
                summary=story,
                templates=templates or SUMMARIES[kind],
            )
            story = ""
            days_ago += gap * self.rng.uniform(0.6, 1.4)

    def _people_touches(
        self, people: list[Contact], templates: Sequence[str], *, span: int, gap: int
    ) -> None:
        owners = {id(p.contact): p.owners for p in self.book.contacts}
        for contact in people:
            # Some candidates have waited more than two working weeks for news.
            days_ago = float(self.rng.randint(1, 25))
            while days_ago < min(span, (self.today - contact.created_at.date()).days):
                kind = self.rng.choice((TouchKind.CALL, TouchKind.VIDEO, TouchKind.EMAIL))
                self._touch(
                    kind,
                    self._workday(self._day(days_ago)),
                    zone=contact.timezone or "Europe/Berlin",
                    by=owners[id(contact)][0],
                    contacts=[contact],
                    company=contact.company,
                    summary="",
                    templates=templates,
                )
                days_ago += gap * self.rng.uniform(0.6, 1.6)

    def _some(self, contacts: list[Contact]) -> list[Contact]:
        # The main contact most often, sometimes two people at once.
        weights = [3] + [1] * (len(contacts) - 1)
        first = self.rng.choices(contacts, weights=weights)[0]
        if len(contacts) > 1 and self.rng.random() < 0.15:
            second = self.rng.choice([c for c in contacts if c is not first])
            return [first, second]
        return [first]

    def _touch(
        self,
        kind: str,
        day: datetime.date,
        *,
        zone: str,
        by: User,
        contacts: list[Contact],
        company: Company | None,
        summary: str,
        templates: Sequence[str],
    ) -> None:
        at = self._moment(day, zone)
        if not summary and self.rng.random() < 0.85:
            summary = self.rng.choice(templates).format(first=contacts[0].name.split(" ")[0])
        # Mails were read from mailboxes and meetings from calendar feeds; the rest logged.
        sources: dict[str, str] = {
            TouchKind.EMAIL: TouchSource.MAIL,
            TouchKind.MEETING: TouchSource.CALENDAR,
        }
        source = sources.get(kind, TouchSource.UI)
        direction = (
            self.rng.choice((Direction.INBOUND, Direction.OUTBOUND))
            if kind in (TouchKind.EMAIL, TouchKind.MESSAGE)
            else Direction.NONE
        )
        touch = Touch(
            organisation=self.organisation,
            kind=kind,
            at=at,
            by=by,
            company=company,
            summary=summary,
            source=source,
            direction=direction,
            created_at=at,
        )
        self.book.touches.append((touch, contacts))
        for key in [id(c) for c in contacts] + ([id(company)] if company is not None else []):
            if key not in self.last_touch or self.last_touch[key] < at:
                self.last_touch[key] = at

    # --- rhythms, details, notes ----------------------------------------------------------

    def _cadences(self) -> None:
        """Many contacts get a keep-in-touch cadence; about a quarter of those are overdue."""
        now = datetime.datetime.combine(self.today, datetime.time(12), tzinfo=datetime.UTC)
        for planned in self.book.contacts:
            contact = planned.contact
            last = self.last_touch.get(id(contact))
            if last is None or self.rng.random() > 0.6:
                continue
            since = (now - last).days
            shorter = [c for c in CADENCES if c < since]
            longer = [c for c in CADENCES if c >= since + 3]
            # The organiser's and the admin's contacts run late a little more often.
            late = 0.4 if planned.owners[0].email in QUEUE_OWNERS else 0.2
            if shorter and self.rng.random() < late:
                contact.cadence_days = shorter[-1]  # overdue
            elif longer:
                contact.cadence_days = longer[0]

    def _details_and_notes(self) -> None:
        people = [p for p in self.book.contacts if p.contact.kind != ContactKind.CONTRACTOR]
        sensitive = self.rng.choice(
            [p for p in people if p.contact.kind == ContactKind.CLIENT and p.owners[0].email
             == "admin@demo.hallway.test"]
        )  # fmt: skip
        self._detail(sensitive.contact, SENSITIVE, sensitive.owners[0], Visibility.PRIVATE)
        # Every dated "ask next time" once for the organiser and once for the admin, so
        # both have something due (or soon due) in their queue on first start.
        queue_owners = [self._user(email) for email in QUEUE_OWNERS]
        for spec in (spec for spec in DETAILS if spec.due is not None):
            for owner in queue_owners:
                planned = self.rng.choice([p for p in people if p.owners[0] == owner])
                self._detail(planned.contact, spec, owner, self._visibility())
        for spec, planned in zip(
            itertools.cycle(DETAILS), self.rng.sample(people, k=40), strict=False
        ):
            author = planned.owners[0] if self.rng.random() < 0.85 else self._owner()
            self._detail(planned.contact, spec, author, self._visibility())
        for planned in self.rng.sample(self.book.contacts, k=110):
            # Private notes come from everyone, not only the owner.
            author = planned.owners[0] if self.rng.random() < 0.6 else self._owner()
            self._note(self.rng.choice(NOTES), author, contact=planned.contact)
        for company, data in self.rng.sample(self.book.companies, k=18):
            author = self._user(self.rng.choice(data.get("owner_emails", [])))
            self._note(self.rng.choice(COMPANY_NOTES), author, company=company)

    def _visibility(self) -> str:
        roll = self.rng.random()
        if roll < 0.65:
            return Visibility.PRIVATE
        return Visibility.OWNERS if roll < 0.85 else Visibility.ORGANISATION

    def _written(self) -> datetime.datetime:
        day = self._day(self.rng.randint(1, 200))
        return datetime.datetime.combine(day, datetime.time(15), tzinfo=datetime.UTC)

    def _detail(self, contact: Contact, spec: DetailSpec, author: User, visibility: str) -> None:
        text = spec.text
        if spec.on_day is not None:
            on = self.today + datetime.timedelta(days=spec.on_day)
            text = text.format(date=format_date(on, "d MMMM", locale="en"))
        written = self._written()
        if spec.on_day is not None and spec.on_day < 0:
            written = min(
                written,
                datetime.datetime.combine(
                    self.today + datetime.timedelta(days=spec.on_day - 14),
                    datetime.time(15),
                    tzinfo=datetime.UTC,
                ),
            )
        self.book.details.append(
            Detail(
                organisation=self.organisation,
                contact=contact,
                author=author,
                visibility=visibility,
                text=text,
                ask_next_time=spec.ask,
                due_on=None if spec.due is None else self.today + datetime.timedelta(days=spec.due),
                sensitive=spec.sensitive,
                created_at=written,
            )
        )

    def _note(
        self,
        text: str,
        author: User,
        *,
        contact: Contact | None = None,
        company: Company | None = None,
    ) -> None:
        self.book.notes.append(
            Note(
                organisation=self.organisation,
                contact=contact,
                company=company,
                author=author,
                visibility=self._visibility(),
                text=text,
                created_at=self._written(),
            )
        )

    def _derived(self) -> None:
        """What `touch_record` and `order_record` would have kept current."""
        for planned in self.book.contacts:
            planned.contact.last_touch_at = self.last_touch.get(id(planned.contact))
        last_order: dict[int, datetime.date] = {}
        for order in self.book.orders:
            key = id(order.company)
            last_order[key] = max(last_order.get(key, order.at), order.at)
        for company, _data in self.book.companies:
            company.last_touch_at = self.last_touch.get(id(company))
            company.last_order_on = last_order.get(id(company))


def company_domain(name: str) -> str:
    """ "Brandt & Söhne Logistik" → "brandt-soehne-logistik.example"."""
    words = [ascii_fold(word) for word in name.replace("ö", "oe").replace("ü", "ue").split()]
    return "-".join(word for word in words if word) + ".example"


@transaction.atomic
def _write(organisation: Organisation, book: ClientBook) -> None:
    for company, data in book.companies:
        # The service validates each company and sets its owners; sixty are cheap.
        company_save(organisation=organisation, data=data, company=company)
    Company.objects.bulk_update(
        [company for company, _data in book.companies], ["last_touch_at", "last_order_on"]
    )
    contacts = [planned.contact for planned in book.contacts]
    Contact.objects.bulk_create(contacts)
    tags = {
        tag.name: tag
        for tag in tags_by_name(organisation, sorted({t for p in book.contacts for t in p.tags}))
    }
    Contact.owners.through.objects.bulk_create(
        Contact.owners.through(contact_id=planned.contact.pk, user_id=owner.pk)
        for planned in book.contacts
        for owner in planned.owners
    )
    Contact.tags.through.objects.bulk_create(
        Contact.tags.through(contact_id=planned.contact.pk, contacttag_id=tags[name].pk)
        for planned in book.contacts
        for name in planned.tags
    )
    Order.objects.bulk_create(book.orders, batch_size=500)
    Touch.objects.bulk_create([touch for touch, _contacts in book.touches], batch_size=500)
    Touch.contacts.through.objects.bulk_create(
        (
            Touch.contacts.through(touch_id=touch.pk, contact_id=contact.pk)
            for touch, contacts in book.touches
            for contact in contacts
        ),
        batch_size=1000,
    )
    Detail.objects.bulk_create(book.details)
    Note.objects.bulk_create(book.notes)
