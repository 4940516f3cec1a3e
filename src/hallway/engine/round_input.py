"""The JSON form of a round (`hallway engine pair`): parse and check it, render a plan.

Pure (no Django): adapters call `load_round` on the file's text and `plan_as_json` on the
engine's answer. Every problem raises `RoundInputError` whose message starts with the path
of the offending value, e.g. ``participants[3].timezone: unknown time zone "Mars/Base"``.
The schema and its defaults are documented in ``docs/engine.md``.
"""

import datetime
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hallway.engine.model import (
    PairKey,
    Participant,
    PastMeeting,
    Plan,
    Preferences,
    Rules,
    Slot,
    pair_key,
)

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ROUND_KEYS = (
    "date",
    "seed",
    "participants",
    "history",
    "rules",
    "previous_sit_outs",
    "now",
    "slot_days",
)
_PARTICIPANT_KEYS = (
    "id",
    "team",
    "department",
    "location",
    "timezone",
    "working_hours",
    "working_days",
    "languages",
    "interests",
    "manager",
    "start_date",
)
_RULE_KEYS = (
    "group_size",
    "avoid_repeat_days",
    "prefer",
    "require_shared_language",
    "min_overlap_minutes",
    "forbid",
    "force",
    "odd",
    "never_with_manager",
    "onboarding_weeks",
    "meeting_minutes",
)
_PREFER_KEYS = (
    "different_team",
    "different_department",
    "different_location",
    "shared_interest",
    "overlap",
)


class RoundInputError(ValueError):
    """Bad round input; the message names the path of the value and what is wrong."""


@dataclass(frozen=True)
class RoundInput:
    """Everything `pairing.plan_round` needs, read from the JSON."""

    today: datetime.date
    now: datetime.datetime
    seed: int
    participants: tuple[Participant, ...]
    history: tuple[PastMeeting, ...]
    rules: Rules
    previous_sit_outs: frozenset[str]
    slot_days: int


def _fail(path: str, message: str) -> RoundInputError:
    return RoundInputError(f"{path}: {message}" if path else message)


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _object(value: object, path: str, keys: Sequence[str]) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise _fail(path or "round", f"expected an object, got {_show(value)}")
    # A typo in an optional field would otherwise silently fall back to its default.
    for key in value:
        if key not in keys:
            raise _fail(_join(path, key), f"unknown field (expected one of {', '.join(keys)})")
    return cast("Mapping[str, object]", value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise _fail(path, f"expected a list, got {_show(value)}")
    return value


def _string(value: object, path: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        wanted = "a string" if empty else "a non-empty string"
        raise _fail(path, f"expected {wanted}, got {_show(value)}")
    return value


def _integer(value: object, path: str, *, low: int | None = None, high: int | None = None) -> int:
    # bool is an int in Python, but `true` is no number in JSON.
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, f"expected an integer, got {_show(value)}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"from {low}" if high is None else f"from {low} to {high}"
        raise _fail(path, f"expected an integer {bounds}, got {value}")
    return value


def _number(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(path, f"expected a number, got {_show(value)}")
    return float(value)


def _boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, f"expected true or false, got {_show(value)}")
    return value


def _date(value: object, path: str) -> datetime.date:
    text = _string(value, path)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise _fail(path, f'expected a date "YYYY-MM-DD", got {_show(value)}') from None


def _time(value: object, path: str) -> datetime.time:
    found = _TIME.match(value) if isinstance(value, str) else None
    if found is None:
        raise _fail(path, f'expected a time "HH:MM" (00:00 to 23:59), got {_show(value)}')
    return datetime.time(int(found[1]), int(found[2]))


def _strings(value: object, path: str) -> frozenset[str]:
    return frozenset(
        _string(item, f"{path}[{i}]", empty=False) for i, item in enumerate(_list(value, path))
    )


def _known(value: object, path: str, ids: Mapping[str, int]) -> str:
    pid = _string(value, path, empty=False)
    if pid not in ids:
        raise _fail(path, f"unknown id {_show(pid)}")
    return pid


def _pairs(value: object, path: str, ids: Mapping[str, int]) -> frozenset[PairKey]:
    found: set[PairKey] = set()
    for i, item in enumerate(_list(value, path)):
        here = f"{path}[{i}]"
        pair = _list(item, here)
        if len(pair) != 2:
            raise _fail(here, f"expected two ids, got {len(pair)}")
        a, b = (_known(pid, f"{here}[{k}]", ids) for k, pid in enumerate(pair))
        if a == b:
            raise _fail(here, f"the same id twice ({_show(a)})")
        found.add(pair_key(a, b))
    return frozenset(found)


def load_round(text: str) -> RoundInput:
    """Parse and check a round's JSON text (schema in ``docs/engine.md``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(
            "", f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    return parse_round(data)


def parse_round(data: object) -> RoundInput:
    """Check a round already decoded from JSON and map it onto the engine's dataclasses."""
    top = _object(data, "", _ROUND_KEYS)
    if "date" not in top:
        raise _fail("date", "required (the round's date, YYYY-MM-DD)")
    if "participants" not in top:
        raise _fail("participants", "required (a list of people)")
    today = _date(top["date"], "date")
    seed = _integer(top.get("seed", 0), "seed")
    if "now" in top:
        text = _string(top["now"], "now")
        try:
            now = datetime.datetime.fromisoformat(text)
        except ValueError:
            now = None
        if now is None or now.tzinfo is None:
            raise _fail("now", f"expected a date-time with a UTC offset, got {_show(text)}")
    else:
        now = datetime.datetime.combine(today, datetime.time(), tzinfo=datetime.UTC)
    slot_days = _integer(top.get("slot_days", 14), "slot_days", low=1, high=366)

    raw_people = _list(top["participants"], "participants")
    ids: dict[str, int] = {}
    for i, raw in enumerate(raw_people):
        here = f"participants[{i}]"
        person = _object(raw, here, _PARTICIPANT_KEYS)
        if "id" not in person:
            raise _fail(f"{here}.id", "required")
        pid = _string(person["id"], f"{here}.id", empty=False)
        if pid in ids:
            raise _fail(f"{here}.id", f"duplicate id {_show(pid)} (also participants[{ids[pid]}])")
        ids[pid] = i
    participants = tuple(
        _participant(_object(raw, f"participants[{i}]", _PARTICIPANT_KEYS), i, ids)
        for i, raw in enumerate(raw_people)
    )

    history: list[PastMeeting] = []
    for i, raw in enumerate(_list(top.get("history", []), "history")):
        here = f"history[{i}]"
        meeting = _object(raw, here, ("people", "date", "met"))
        for key in ("people", "date"):
            if key not in meeting:
                raise _fail(f"{here}.{key}", "required")
        # People of past meetings need not be in this round (they left, or sit this one out).
        people = [
            _string(pid, f"{here}.people[{k}]", empty=False)
            for k, pid in enumerate(_list(meeting["people"], f"{here}.people"))
        ]
        if len(set(people)) < 2:
            raise _fail(f"{here}.people", "expected at least two different ids")
        history.append(
            PastMeeting(
                people=frozenset(people),
                date=_date(meeting["date"], f"{here}.date"),
                met=_boolean(meeting.get("met", True), f"{here}.met"),
            )
        )

    previous = frozenset(
        _string(pid, f"previous_sit_outs[{i}]", empty=False)
        for i, pid in enumerate(_list(top.get("previous_sit_outs", []), "previous_sit_outs"))
    )
    return RoundInput(
        today=today,
        now=now,
        seed=seed,
        participants=participants,
        history=tuple(history),
        rules=_rules(top.get("rules", {}), ids),
        previous_sit_outs=previous,
        slot_days=slot_days,
    )


def _participant(person: Mapping[str, object], i: int, ids: Mapping[str, int]) -> Participant:
    here = f"participants[{i}]"
    zone = _string(person.get("timezone", "UTC"), f"{here}.timezone", empty=False)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(f"{here}.timezone", f"unknown time zone {_show(zone)}") from None
    hours = _list(person.get("working_hours", ["09:00", "17:00"]), f"{here}.working_hours")
    if len(hours) != 2:
        raise _fail(f"{here}.working_hours", f"expected [start, end], got {_show(hours)}")
    start, end = (_time(t, f"{here}.working_hours[{k}]") for k, t in enumerate(hours))
    days = frozenset(
        _integer(day, f"{here}.working_days[{k}]", low=1, high=7)
        for k, day in enumerate(
            _list(person.get("working_days", [1, 2, 3, 4, 5]), f"{here}.working_days")
        )
    )
    manager = person.get("manager")
    start_date = person.get("start_date")
    return Participant(
        id=cast("str", person["id"]),
        team=_string(person.get("team", ""), f"{here}.team"),
        department=_string(person.get("department", ""), f"{here}.department"),
        location=_string(person.get("location", ""), f"{here}.location"),
        timezone=zone,
        work_start=start,
        work_end=end,
        working_days=days,
        languages=_strings(person.get("languages", []), f"{here}.languages"),
        interests=_strings(person.get("interests", []), f"{here}.interests"),
        # A manager is often not in the round (a leaders' lunch, another office): any id.
        manager=None if manager is None else _string(manager, f"{here}.manager", empty=False),
        start_date=None if start_date is None else _date(start_date, f"{here}.start_date"),
    )


def _rules(value: object, ids: Mapping[str, int]) -> Rules:
    rules = _object(value, "rules", _RULE_KEYS)
    default = Rules()
    group_size = rules.get("group_size", default.group_size)
    if group_size not in (2, 3) or isinstance(group_size, bool):
        raise _fail("rules.group_size", f"expected 2 or 3, got {_show(group_size)}")
    odd = rules.get("odd", default.odd)
    if odd not in ("trio", "sit_out"):
        raise _fail("rules.odd", f'expected "trio" or "sit_out", got {_show(odd)}')
    prefer = _object(rules.get("prefer", {}), "rules.prefer", _PREFER_KEYS)
    preferences = Preferences(
        **{
            key: _number(prefer[key], f"rules.prefer.{key}")
            for key in _PREFER_KEYS
            if key in prefer
        }
    )
    return Rules(
        group_size=group_size,
        avoid_repeat_days=_integer(
            rules.get("avoid_repeat_days", default.avoid_repeat_days),
            "rules.avoid_repeat_days",
            low=0,
        ),
        prefer=preferences,
        require_shared_language=_boolean(
            rules.get("require_shared_language", default.require_shared_language),
            "rules.require_shared_language",
        ),
        min_overlap_minutes=_integer(
            rules.get("min_overlap_minutes", default.min_overlap_minutes),
            "rules.min_overlap_minutes",
            low=0,
        ),
        forbid=_pairs(rules.get("forbid", []), "rules.forbid", ids),
        force=_pairs(rules.get("force", []), "rules.force", ids),
        odd=odd,
        never_with_manager=_boolean(
            rules.get("never_with_manager", default.never_with_manager),
            "rules.never_with_manager",
        ),
        onboarding_weeks=_integer(
            rules.get("onboarding_weeks", default.onboarding_weeks),
            "rules.onboarding_weeks",
            low=0,
        ),
        meeting_minutes=_integer(
            rules.get("meeting_minutes", default.meeting_minutes),
            "rules.meeting_minutes",
            low=5,
            high=480,
        ),
    )


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _slot(slot: Slot) -> dict[str, object]:
    return {
        "start": _utc(slot.start),
        "end": _utc(slot.end),
        "local": {
            pid: {"start": start.isoformat(), "end": end.isoformat()}
            for pid, start, end in slot.local
        },
    }


def plan_as_json(plan: Plan, *, seconds: float) -> dict[str, object]:
    """The plan as the JSON object `hallway engine pair` prints (see ``docs/engine.md``)."""
    return {
        "groups": [
            {
                "members": list(group.members),
                "score": group.score,
                "reasons": list(group.reasons),
                "slots": [_slot(slot) for slot in group.slots],
            }
            for group in plan.groups
        ],
        "unmatched": [{"id": u.id, "reason": u.reason} for u in plan.unmatched],
        "objective": plan.objective,
        "seconds": round(seconds, 6),
    }
