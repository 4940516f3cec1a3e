"""The demo company's people, drawn from `data.py` with a fixed seed.

Pure: no database. The same seed gives the same people every time; only dates move
with `today`, so a demo seeded on any day has new hires starting next week.
"""

import datetime
import random
import string
import unicodedata
from dataclasses import dataclass

from hallway.demo.data import (
    CEO_TITLE,
    CITY_BY_NAME,
    COMPANY_DOMAIN,
    FIRST_NAMES,
    HEADS,
    INDIAN_LANGUAGES,
    INTERESTS,
    LAST_NAMES,
    LEADERSHIP,
    LEFT,
    LOGINS,
    NEW_HIRES_AHEAD,
    ORIGIN_LANGUAGE,
    PAUSED,
    RECENT_STARTERS,
    REMOTE,
    SECOND_LANGUAGES,
    SEED,
    TEAMS,
    City,
    LoginSpec,
    RemoteSpec,
    TeamSpec,
)
from hallway.people.models import PersonStatus
from hallway.people.services import PersonData

YEAR = 365
# Letters NFKD does not take apart into a base letter and an accent.
_FOLD = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})


def ascii_fold(text: str) -> str:
    """ "Görkem Aydoğan" → "gorkemaydogan": lower-case ASCII letters, digits and hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(c for c in decomposed if c in string.ascii_lowercase + string.digits + "-")


@dataclass
class Draft:
    """A person before dates are fixed: start, pause and leave are days relative to today."""

    data: PersonData
    start_in_days: int
    paused_for_days: int | None = None
    left_days_ago: int | None = None
    regular: bool = True  # may be given a special start or status

    def as_data(self, today: datetime.date) -> PersonData:
        data = PersonData(**self.data)
        data["start_date"] = today + datetime.timedelta(days=self.start_in_days)
        data["status"] = PersonStatus.ACTIVE
        data["paused_until"] = None
        data["left_on"] = None
        if self.paused_for_days is not None:
            data["status"] = PersonStatus.PAUSED
            data["paused_until"] = today + datetime.timedelta(days=self.paused_for_days)
        if self.left_days_ago is not None:
            data["status"] = PersonStatus.LEFT
            data["left_on"] = today - datetime.timedelta(days=self.left_days_ago)
        return data


def build_roster(*, today: datetime.date) -> list[PersonData]:
    """Everyone in the demo company, each manager before the people who report to them."""
    return [draft.as_data(today) for draft in _RosterBuilder().build()]


class _RosterBuilder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        # Reserved up front so that no drawn name clashes with a fixed one.
        self.names = {spec.name for spec in LOGINS} | {spec.name for spec in REMOTE}
        self.emails: set[str] = set()
        self.slack_ids: set[str] = set()
        self.logins = {spec.place: spec for spec in LOGINS}

    def build(self) -> list[Draft]:
        ceo = self._office_person(
            CITY_BY_NAME[self.logins["ceo"].city],
            team=LEADERSHIP,
            department="Executive",
            title=CEO_TITLE,
            manager=None,
            login=self.logins["ceo"],
            start_in_days=-(8 * YEAR - 12),
        )
        drafts = [ceo]
        heads = {}
        for head in HEADS:
            heads[head.department] = draft = self._office_person(
                CITY_BY_NAME[head.city],
                team=LEADERSHIP,
                department=head.department,
                title=head.title,
                manager=ceo.data["email"],
                login=self.logins.get(f"head:{head.department}"),
                start_in_days=-self.rng.randint(5 * YEAR, 8 * YEAR - 30),
            )
            drafts.append(draft)
        for team in TEAMS:
            drafts.extend(self._team(team, manager=heads[team.department].data["email"]))
        self._give_special_dates(drafts)
        return drafts

    def _team(self, team: TeamSpec, *, manager: str) -> list[Draft]:
        lead_city = CITY_BY_NAME[team.seats[0][0]]
        lead = self._office_person(
            lead_city,
            team=team.name,
            department=team.department,
            title=team.lead_title,
            manager=manager,
            login=self.logins.get(f"lead:{team.name}"),
            start_in_days=-self.rng.randint(2 * YEAR, 7 * YEAR),
        )
        members = [lead]
        member_login = self.logins.get(f"member:{team.name}")
        for city_name, seats in team.seats:
            city = CITY_BY_NAME[city_name]
            for _ in range(seats - (city is lead_city)):
                login = None
                if member_login and member_login.city == city_name:
                    login, member_login = member_login, None
                members.append(
                    self._office_person(
                        city,
                        team=team.name,
                        department=team.department,
                        title=self.rng.choice(team.titles),
                        manager=lead.data["email"],
                        login=login,
                        start_in_days=-self._member_tenure(),
                        regular=login is None,
                    )
                )
        members.extend(
            self._remote_person(spec, department=team.department, manager=lead.data["email"])
            for spec in REMOTE
            if spec.team == team.name
        )
        return members

    def _member_tenure(self) -> int:
        # A growing company: more people joined recently than in its first year.
        return round(self.rng.triangular(22, 8 * YEAR - 40, YEAR))

    def _office_person(
        self,
        city: City,
        *,
        team: str,
        department: str,
        title: str,
        manager: str | None,
        login: LoginSpec | None,
        start_in_days: int,
        regular: bool = False,
    ) -> Draft:
        origin = login.origin if login else self._weighted(city.origins)
        if login:
            name, email = login.name, login.email
        else:
            name, email = self._new_name(origin)
        languages = self._languages(origin, city)
        start, end = self.rng.choice(city.hours)
        working_days = [1, 2, 3, 4, 5]
        shape = self.rng.random() if regular else 1.0  # leads and heads work full time
        if shape < 0.07:
            working_days = [1, 2, 3, 4]  # part-time, long weekend
        elif shape < 0.10:
            end = start.replace(hour=start.hour + 5)  # part-time, mornings only
        data = PersonData(
            name=name,
            email=email,
            team=team,
            department=department,
            location=city.name,
            job_title=title,
            timezone=city.timezone,
            work_start=start,
            work_end=end,
            working_days=working_days,
            languages=languages,
            interests=self._interests(city.local_interest),
            manager=manager,
            preferred_language=self._message_language(languages, city),
            slack_id=self._slack_id(),
            chat_ids={},
        )
        return Draft(data=data, start_in_days=start_in_days, regular=regular)

    def _remote_person(self, spec: RemoteSpec, *, department: str, manager: str) -> Draft:
        first, last = spec.name.split(" ", 1)
        data = PersonData(
            name=spec.name,
            email=self._email(first, last),
            team=spec.team,
            department=department,
            location=None,
            job_title=spec.title,
            timezone=spec.timezone,
            work_start=spec.hours[0],
            work_end=spec.hours[1],
            working_days=[1, 2, 3, 4, 5],
            languages=list(spec.languages),
            interests=self._interests(None),
            manager=manager,
            preferred_language="de" if spec.languages[0] == "de" else "en",
            slack_id=self._slack_id(),
            chat_ids={},
        )
        return Draft(data=data, start_in_days=-self._member_tenure())

    def _weighted(self, choices: tuple[tuple[str, int], ...]) -> str:
        values = [value for value, _weight in choices]
        weights = [weight for _value, weight in choices]
        return self.rng.choices(values, weights=weights)[0]

    def _new_name(self, origin: str) -> tuple[str, str]:
        while True:
            first = self.rng.choice(FIRST_NAMES[origin])
            last = self.rng.choice(LAST_NAMES[origin])
            name = f"{first} {last}"
            email = f"{ascii_fold(first)}.{ascii_fold(last)}@{COMPANY_DOMAIN}"
            if name not in self.names and email not in self.emails:
                self.names.add(name)
                self.emails.add(email)
                return name, email

    def _email(self, first: str, last: str) -> str:
        email = f"{ascii_fold(first)}.{ascii_fold(last)}@{COMPANY_DOMAIN}"
        self.emails.add(email)
        return email

    def _languages(self, origin: str, city: City) -> list[str]:
        if origin == "in":
            regional = self.rng.choice(INDIAN_LANGUAGES)
            languages = (
                [regional, "hi"] if regional != "hi" and self.rng.random() < 0.5 else [regional]
            )
        else:
            languages = [ORIGIN_LANGUAGE[origin]]
        if city.language not in languages:
            # Turkish-Germans grew up with German; other newcomers learn the local language less often.
            learned = 0.95 if (origin, city.country) == ("tr", "DE") else 0.4
            if self.rng.random() < learned:
                languages.append(city.language)
        if "en" not in languages:
            languages.append("en")  # the company language
        if self.rng.random() < 0.2:
            extra = self.rng.choice(SECOND_LANGUAGES)
            if extra not in languages:
                languages.append(extra)
        return languages

    def _message_language(self, languages: list[str], city: City) -> str:
        # Messages go out in en, de or nl; most locals prefer theirs, Portuguese speakers get en.
        local = city.language in ("de", "nl") and city.language in languages
        if local and self.rng.random() < 0.8:
            return city.language
        return "en"

    def _interests(self, local: str | None) -> list[str]:
        picks = self.rng.sample(INTERESTS, self.rng.randint(2, 5))
        if local and local not in picks and self.rng.random() < 0.25:
            picks[-1] = local
        return picks

    def _slack_id(self) -> str:
        if self.rng.random() >= 0.92:
            return ""  # not everyone is on Slack
        alphabet = string.ascii_uppercase + string.digits
        while True:
            slack_id = "U0" + "".join(self.rng.choices(alphabet, k=7))
            if slack_id not in self.slack_ids:
                self.slack_ids.add(slack_id)
                return slack_id

    def _give_special_dates(self, drafts: list[Draft]) -> None:
        regular = [draft for draft in drafts if draft.regular]
        chosen = self.rng.sample(regular, NEW_HIRES_AHEAD + RECENT_STARTERS + PAUSED + LEFT)
        new_hires, rest = chosen[:NEW_HIRES_AHEAD], chosen[NEW_HIRES_AHEAD:]
        recent, rest = rest[:RECENT_STARTERS], rest[RECENT_STARTERS:]
        paused, left = rest[:PAUSED], rest[PAUSED:]
        for draft in new_hires:
            draft.start_in_days = self.rng.randint(1, 27)
        for draft in recent:
            draft.start_in_days = -self.rng.randint(1, 20)
        for draft in paused:
            draft.paused_for_days = self.rng.randint(7, 75)
        for draft in left:
            draft.left_days_ago = self.rng.randint(5, 150)
            draft.start_in_days = min(draft.start_in_days, -(draft.left_days_ago + 90))
