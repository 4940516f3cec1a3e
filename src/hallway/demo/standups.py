"""The demo company's stand-ups: a daily one for Mobile (Amsterdam and Bangalore, so two zone
groups and two digests a day) and one for Sales DACH (Köln and Berlin, answers in German),
with a month of answers before today, a few blockers (one resolved), and people away on
public holidays and out of office marked as away, never as missing.

Rows are written as a month of runs would have left them (questions asked, digests sent),
without any message: seeding enqueues nothing. Idempotent: a stand-up that exists already
keeps its history.
"""

import datetime
import random
from dataclasses import dataclass

from hallway.absences.selectors import AbsenceCalendar
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.models import Person, Team
from hallway.rituals.models import CheckIn, CheckInStatus, CircleKind, Digest, Occurrence, StandUp
from hallway.rituals.selectors.circles import circle_members
from hallway.rituals.services.standups import StandUpData, standup_create
from hallway.rituals.services.standups_run import _groups, ask_instant

DAYS = 30
TEAMS = (("Mobile", "Mobile daily"), ("Sales DACH", "Sales DACH Daily"))

TEXTS = {
    "en": {
        "yesterday": (
            "Finished the offline sync for the iOS app.",
            "Reviewed two pull requests and fixed the flaky login test.",
            "Customer call about the onboarding flow; notes are in the ticket.",
            "Profiled the image cache; memory is down by a third.",
            "Pairing session on the push notifications.",
            "Shipped the new date picker to the beta testers.",
            "Wrote the post-mortem for Tuesday's outage.",
            "Interviewed a candidate for the Android role.",
            "Cleaned up the crash reports; two fixes are in review.",
            "Sketched the analytics events with product.",
        ),
        "today": (
            "Release candidate for the Android app.",
            "Accessibility pass on the settings screen.",
            "Write the migration plan for the new API.",
            "Help QA with the regression run.",
            "Planning for next sprint, then deep work.",
            "Fix the last two bugs of the checkout screen.",
            "Onboarding session with the new backend developer.",
            "Update the dependencies and run the UI tests.",
            "Design review in the morning, coding in the afternoon.",
        ),
        "blockers": (
            "Waiting for the signing certificate from IT.",
            "The staging API is down since this morning.",
        ),
    },
    "de": {
        "yesterday": (
            "Angebot für die Stadtwerke fertig gemacht.",
            "Zwei Demos mit Interessenten, beide wollen ein Follow-up.",
            "CRM aufgeräumt und die Pipeline für Q3 aktualisiert.",
            "Vertragsverhandlung mit dem Einkauf, sieht gut aus.",
            "Referenzkunde angerufen, er macht gern ein Interview mit uns.",
            "Messeplanung für die Hannover Messe abgestimmt.",
            "Zwei Angebote nachgefasst, eins ist unterschrieben.",
            "Webinar mit 40 Teilnehmenden gehalten.",
        ),
        "today": (
            "Follow-ups schreiben und den Workshop vorbereiten.",
            "Termin beim Kunden in Düsseldorf.",
            "Forecast mit der Geschäftsführung durchgehen.",
            "Kaltakquise am Vormittag, Demo am Nachmittag.",
            "Preisliste für Österreich und die Schweiz fertigstellen.",
            "Übergabe der Bestandskunden an die neue Kollegin.",
            "Quartalsgespräch mit dem größten Kunden.",
        ),
        "blockers": ("Warte auf die Freigabe der Rabattstaffel.",),
    },
    "nl": {
        "yesterday": (
            "De nieuwe onboarding-schermen getest op Android.",
            "Bug in de betaalflow opgelost.",
            "Gesprek met de designers over de darkmode.",
            "De pushmeldingen voor iOS afgerond.",
            "Twee pull requests gereviewd en gemerged.",
            "Crashrapporten doorgenomen; drie tickets aangemaakt.",
            "Demo gegeven aan het supportteam.",
            "De nieuwe app-icoontjes ingebouwd.",
        ),
        "today": (
            "Code review en daarna de release notes.",
            "Verder met de offline-modus.",
            "Testen op oudere toestellen.",
            "Pairen met Karthik op de synchronisatie.",
            "Release voorbereiden voor de App Store.",
            "Toegankelijkheid van het inlogscherm verbeteren.",
        ),
        "blockers": ("Wacht op toegang tot de testomgeving.",),
    },
}


# The questions of the day the demo asks (keys of coffee's bank of starters), with answers
# that fit them, per language.
SMALL_TALK = {
    "personal:5": {  # What did you do last weekend that you would do again?
        "en": ("A long walk along the canal.", "Pancakes with the kids, then a nap."),
        "de": ("Ein Spaziergang am Rhein.", "Ausschlafen und dann Flohmarkt."),
        "nl": ("Fietsen langs de Amstel.", "Met vrienden naar de markt."),
    },
    "playful:2": {  # What is the best thing you have eaten this week?
        "en": ("Masala dosa from the place downstairs.", "My neighbour's lemon cake."),
        "de": ("Omas Apfelkuchen.", "Ein Halve Hahn in der Südstadt."),
        "nl": ("Stroopwafels, natuurlijk.", "Bitterballen bij de vrijdagmiddagborrel."),
    },
    "playful:9": {  # Tea, coffee, or something else? Show each other your mug.
        "en": ("Masala chai, no question.", "Green tea in a mug from my first team."),
        "de": ("Filterkaffee, schwarz.", "Ostfriesentee mit Kluntje."),
        "nl": ("Koffie, veel te veel koffie.", "Verse muntthee."),
    },
    "playful:0": {  # How is the weather where you are?
        "en": ("Monsoon-grey, but warm.", "Bright and cold, perfect for a run."),
        "de": ("Grau und nass, typisch Dezember.", "Erster Schnee im Garten!"),
        "nl": ("Wind en regen, tegen de wind in gefietst.", "Zon! Eindelijk."),
    },
}


@dataclass(frozen=True)
class StandupsSummary:
    standups: int
    checkins: int
    blockers: int


def _texts(person: Person) -> dict[str, tuple[str, ...]]:
    return TEXTS.get(person.preferred_language, TEXTS["en"])


class _DayBank:
    """One day's answers, each from its own place in a shuffled bank, so the people of one
    day do not all say the same."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.decks: dict[tuple[str, str], list[str]] = {}

    def pick(self, person: Person, kind: str) -> str:
        key = (person.preferred_language, kind)
        if not self.decks.get(key):
            texts = _texts(person)[kind]
            self.decks[key] = self.rng.sample(texts, len(texts))
        return self.decks[key].pop()


def _history(
    standup: StandUp,
    members: list[Person],
    calendar: AbsenceCalendar,
    days: list[datetime.date],
    rng: random.Random,
) -> list[CheckIn]:
    organisation = standup.organisation
    cutoff = datetime.timedelta(minutes=standup.cutoff_minutes)
    rows: list[CheckIn] = []
    for day in days:
        # Asked only on their own working days (a holiday there is an away row, a weekend
        # is nothing at all), as the run does.
        working = [p for p in members if day.isoweekday() in {int(d) for d in p.working_days}]
        if not working:
            continue
        bank = _DayBank(rng)

        occurrence = Occurrence.objects.create(organisation=organisation, standup=standup, date=day)
        occurrence.starter_key = list(SMALL_TALK)[day.toordinal() % len(SMALL_TALK)]
        occurrence.save(update_fields=["starter_key"])
        digests = []
        for number, group in enumerate(_groups([ask_instant(standup, p, day) for p in members]), 1):
            digests.append(
                Digest.objects.create(
                    organisation=organisation,
                    occurrence=occurrence,
                    number=number,
                    first_ask=group[0],
                    last_ask=group[-1],
                    closes_at=group[-1] + cutoff,
                    sent_at=group[-1] + cutoff,
                )
            )
        for person in working:
            ask = ask_instant(standup, person, day)
            digest = next(d for d in digests if d.first_ask <= ask <= d.last_ask)
            row = CheckIn(
                organisation=organisation,
                occurrence=occurrence,
                digest=digest,
                person=person,
                ask_at=ask,
                closes_at=digest.closes_at,
                asked_at=ask,
            )
            away = calendar.away_on(person, day)
            if away is not None:
                row.status = CheckInStatus.AWAY
                row.away_reason = away.reason
                row.away_detail = (away.holiday.name if away.holiday else "")[:200]
                row.asked_at = None
            elif rng.random() < 0.12:  # no answer this time
                row.reminded_at = ask + datetime.timedelta(minutes=standup.reminder_minutes)
            else:
                row.status = CheckInStatus.ANSWERED
                row.answered_at = ask + datetime.timedelta(minutes=rng.randint(5, 120))
                row.yesterday = bank.pick(person, "yesterday")
                row.today = bank.pick(person, "today")
                row.mood = rng.choice((3, 4, 4, 4, 5, 5, 2))
                if rng.random() < 0.3:
                    answers = SMALL_TALK[occurrence.starter_key]
                    row.small_talk = rng.choice(
                        answers.get(person.preferred_language, answers["en"])
                    )
            rows.append(row)
    return rows


def _blockers(rows: list[CheckIn], rng: random.Random, *, resolve_one: bool) -> int:
    answered = [r for r in rows if r.status == CheckInStatus.ANSWERED]
    chosen = rng.sample(answered, min(3, len(answered))) if answered else []
    latest = sorted(chosen, key=lambda r: r.ask_at)
    for index, row in enumerate(latest):
        row.blockers = rng.choice(_texts(row.person)["blockers"])
        row.blocked = True
        if resolve_one and index == 0:  # the oldest one was sorted out the next day
            row.blocker_resolved_at = row.closes_at + datetime.timedelta(hours=20)
    return len(chosen)


def demo_standups_seed(*, organisation: Organisation, today: datetime.date) -> StandupsSummary:
    """Two daily stand-ups with a month of history (see the module docstring)."""
    rng = random.Random(20270301)
    first = today - datetime.timedelta(days=DAYS)
    days = [first + datetime.timedelta(days=n) for n in range(DAYS)]
    calendar = AbsenceCalendar(organisation=organisation, first=first, last=today)
    created = 0
    for team_name, name in TEAMS:
        team = scoped(Team, organisation).filter(name=team_name).first()
        if team is None or scoped(StandUp, organisation).filter(name=name).exists():
            continue
        standup = standup_create(
            organisation=organisation,
            data=StandUpData(
                name=name,
                rule="FREQ=DAILY",
                starts_on=first,
                circle_kind=CircleKind.TEAM,
                circle_team=team,
            ),
            by=None,
            now=datetime.datetime.combine(first, datetime.time(0), tzinfo=datetime.UTC),
        )
        members = list(circle_members(owner=standup, organisation=organisation))
        rows = _history(standup, members, calendar, days, rng)
        _blockers(rows, rng, resolve_one=created == 0)
        CheckIn.objects.bulk_create(rows, batch_size=500)
        created += 1
    # What the demo has, whether made now or by an earlier run.
    answers = scoped(CheckIn, organisation).filter(
        occurrence__standup__name__in=[name for _team, name in TEAMS],
        status=CheckInStatus.ANSWERED,
    )
    return StandupsSummary(
        standups=scoped(StandUp, organisation).filter(name__in=[n for _t, n in TEAMS]).count(),
        checkins=answers.count(),
        blockers=answers.exclude(blockers="").count(),
    )
