"""Realistic coffee rounds for the benchmarks: an organisation of n people and its history.

People work in six cities (Berlin, Köln, Amsterdam, São Paulo, New York, Bangalore) with
their real time zones, in departments and teams of 5–10 that mostly sit in one city, with
a lead (whose manager is the department head), the company language plus local ones,
a few working-hour patterns (some four-day weeks), 0–5 interests out of 40, and ~3 % new
hires. History: 12 fortnightly rounds in which everyone was paired at random and 85 % of
the pairs met. The rules require a shared language and one hour of weekly overlap, so
some pairs (Bangalore–New York) are not allowed at all.

Not a benchmark itself (the leading underscore keeps `make bench` from running it).
"""

import datetime

import numpy as np

from hallway.engine.model import Participant, PastMeeting, Preferences, Rules

TODAY = datetime.date(2026, 3, 23)  # a Monday, a week before Europe's DST change
NOW = datetime.datetime(2026, 3, 23, 7, 0, tzinfo=datetime.UTC)
ROUNDS = 12

CITIES = (
    # name, zone, local languages, share
    ("Berlin", "Europe/Berlin", ("de",), 0.28),
    ("Köln", "Europe/Berlin", ("de",), 0.10),
    ("Amsterdam", "Europe/Amsterdam", ("nl",), 0.20),
    ("São Paulo", "America/Sao_Paulo", ("pt",), 0.12),
    ("New York", "America/New_York", ("es",), 0.16),
    ("Bangalore", "Asia/Kolkata", ("hi", "kn"), 0.14),
)
DEPARTMENTS = (
    ("Engineering", 0.34),
    ("Product", 0.07),
    ("Design", 0.05),
    ("Data", 0.06),
    ("Sales", 0.12),
    ("Marketing", 0.07),
    ("Customer Success", 0.10),
    ("Finance", 0.04),
    ("People", 0.04),
    ("Legal", 0.02),
    ("Operations", 0.06),
    ("Security", 0.03),
)
HOURS = (
    ((9, 0), (17, 0), 0.45),
    ((8, 30), (17, 0), 0.2),
    ((10, 0), (18, 30), 0.2),
    ((7, 30), (16, 0), 0.1),
    ((12, 0), (20, 0), 0.05),
)
INTERESTS = (
    "climbing",
    "cycling",
    "running",
    "yoga",
    "chess",
    "cooking",
    "baking",
    "coffee",
    "tea",
    "wine",
    "gardening",
    "photography",
    "film",
    "music",
    "guitar",
    "piano",
    "jazz",
    "books",
    "poetry",
    "history",
    "travel",
    "hiking",
    "sailing",
    "football",
    "tennis",
    "boardgames",
    "videogames",
    "podcasts",
    "parenting",
    "dogs",
    "cats",
    "languages",
    "design",
    "architecture",
    "science",
    "space",
    "ai",
    "startups",
    "volunteering",
    "crafts",
)


def _pick(rng: np.random.Generator, options: tuple, count: int) -> np.ndarray:
    shares = np.array([o[-1] for o in options], dtype=np.float64)
    return rng.choice(len(options), size=count, p=shares / shares.sum())


def people(n: int, seed: int = 0) -> list[Participant]:
    """n participants in teams of 5–10, each team mostly in one city."""
    rng = np.random.default_rng(seed)
    result: list[Participant] = []
    department_of = _pick(rng, DEPARTMENTS, n)
    heads: dict[int, str] = {}
    team_number = 0
    order = np.argsort(department_of, kind="stable")
    i = 0
    while i < n:
        size = int(rng.integers(5, 11))
        members = order[i : i + size]
        i += size
        team_number += 1
        home = int(_pick(rng, CITIES, 1)[0])
        lead: str | None = None
        for position, person in enumerate(members.tolist()):
            department = int(department_of[person])
            city = home if rng.random() < 0.8 else int(_pick(rng, CITIES, 1)[0])
            name, zone, local, _ = CITIES[city]
            start, end, _ = HOURS[int(_pick(rng, HOURS, 1)[0])]
            days = frozenset({1, 2, 3, 4}) if rng.random() < 0.08 else frozenset({1, 2, 3, 4, 5})
            languages = (
                set(local[: int(rng.integers(1, len(local) + 1))]) if rng.random() < 0.9 else set()
            )
            if rng.random() < 0.96 or not languages:
                languages.add("en")
            interests = rng.choice(len(INTERESTS), size=int(rng.integers(0, 6)), replace=False)
            roll = rng.random()
            if roll < 0.02:
                start_date = TODAY - datetime.timedelta(days=int(rng.integers(0, 42)))
            elif roll < 0.03:
                start_date = TODAY + datetime.timedelta(days=int(rng.integers(1, 15)))
            else:
                start_date = TODAY - datetime.timedelta(days=int(rng.integers(60, 3000)))
            pid = f"p{person:06d}"
            head = heads.setdefault(department, pid)
            manager = head if position == 0 and head != pid else lead
            if position == 0:
                lead = pid
            result.append(
                Participant(
                    id=pid,
                    team=f"team-{team_number}",
                    department=DEPARTMENTS[department][0],
                    location=name,
                    timezone=zone,
                    work_start=datetime.time(*start),
                    work_end=datetime.time(*end),
                    working_days=days,
                    languages=frozenset(languages),
                    interests=frozenset(INTERESTS[k] for k in interests.tolist()),
                    manager=manager,
                    start_date=start_date,
                )
            )
    return result


def history(participants: list[Participant], seed: int = 0) -> list[PastMeeting]:
    """12 fortnightly rounds of random pairs (new hires only from their start), 85 % met."""
    rng = np.random.default_rng(seed + 1)
    meetings: list[PastMeeting] = []
    for r in range(1, ROUNDS + 1):
        date = TODAY - datetime.timedelta(days=14 * r)
        present = [p.id for p in participants if p.start_date is None or p.start_date <= date]
        shuffled = rng.permutation(len(present))
        met = rng.random(len(present) // 2) < 0.85
        for k in range(len(present) // 2):
            a, b = present[shuffled[2 * k]], present[shuffled[2 * k + 1]]
            meetings.append(PastMeeting(frozenset((a, b)), date, met=bool(met[k])))
    return meetings


def rules() -> Rules:
    """A program's usual rules: shared language, an hour of overlap, 90 days between repeats."""
    return Rules(
        avoid_repeat_days=90,
        require_shared_language=True,
        min_overlap_minutes=60,
        prefer=Preferences(),
    )
