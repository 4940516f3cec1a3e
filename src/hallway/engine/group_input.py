"""The JSON form of an event for `hallway engine groups --input`: parse and check, render.

Pure (no Django). Participants and history use the same fields, defaults and checks as
the pairing input (``round_input.py``); errors raise ``RoundInputError`` naming the path of
the offending value, e.g. ``hosts[1]: unknown id "zed"``. Schema in ``docs/engine.md``.
"""

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass

from hallway.engine.grouping import GroupingRules, GroupPlan, MixWeights
from hallway.engine.model import Participant, PastMeeting
from hallway.engine.round_input import (
    _PARTICIPANT_KEYS,
    RoundInputError,
    _boolean,
    _date,
    _fail,
    _integer,
    _known,
    _list,
    _number,
    _object,
    _pairs,
    _participant,
    _show,
    _string,
)

_EVENT_KEYS = (
    "seed",
    "participants",
    "history",
    "rounds",
    "size",
    "min_size",
    "max_size",
    "hosts",
    "roaming",
    "together",
    "forbid",
    "mix",
    "held",
)
_MIX_KEYS = (
    "different_team",
    "different_department",
    "different_location",
    "different_seniority",
    "shared_interest",
)


@dataclass(frozen=True)
class EventInput:
    """Everything `grouping.plan_groups` needs, read from the JSON."""

    seed: int
    participants: tuple[Participant, ...]
    seniority: Mapping[str, str]
    history: tuple[PastMeeting, ...]
    rules: GroupingRules
    held: tuple[tuple[tuple[str, ...], ...], ...]


def load_event(text: str) -> EventInput:
    """Parse and check an event's JSON text (schema in ``docs/engine.md``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(
            "", f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    return parse_event(data)


def _ids(value: object, path: str, ids: Mapping[str, int]) -> tuple[str, ...]:
    found = tuple(_known(pid, f"{path}[{i}]", ids) for i, pid in enumerate(_list(value, path)))
    for i, pid in enumerate(found):
        if pid in found[:i]:
            raise _fail(f"{path}[{i}]", f"{_show(pid)} is listed twice")
    return found


def parse_event(data: object) -> EventInput:
    """Check an event already decoded from JSON and map it onto the engine's dataclasses."""
    top = _object(data, "", _EVENT_KEYS)
    for key, what in (("participants", "a list of people"), ("rounds", "the number of rounds")):
        if key not in top:
            raise _fail(key, f"required ({what})")
    seed = _integer(top.get("seed", 0), "seed")
    raw_people = _list(top["participants"], "participants")
    ids: dict[str, int] = {}
    keys = (*_PARTICIPANT_KEYS, "seniority")
    for i, raw in enumerate(raw_people):
        here = f"participants[{i}]"
        person = _object(raw, here, keys)
        if "id" not in person:
            raise _fail(f"{here}.id", "required")
        pid = _string(person["id"], f"{here}.id", empty=False)
        if pid in ids:
            raise _fail(f"{here}.id", f"duplicate id {_show(pid)} (also participants[{ids[pid]}])")
        ids[pid] = i
    if len(ids) < 2:
        raise _fail("participants", f"expected at least 2 people, got {len(ids)}")
    participants = tuple(
        _participant(_object(raw, f"participants[{i}]", keys), i, ids)
        for i, raw in enumerate(raw_people)
    )
    seniority = {
        p.id: _string(raw.get("seniority", ""), f"participants[{i}].seniority")
        for i, (p, raw) in enumerate(zip(participants, raw_people, strict=True))
        if isinstance(raw, dict)
    }

    history: list[PastMeeting] = []
    for i, raw in enumerate(_list(top.get("history", []), "history")):
        here = f"history[{i}]"
        meeting = _object(raw, here, ("people", "date", "met"))
        if "people" not in meeting:
            raise _fail(f"{here}.people", "required")
        # People of past meetings need not be here today.
        people = [
            _string(pid, f"{here}.people[{k}]", empty=False)
            for k, pid in enumerate(_list(meeting["people"], f"{here}.people"))
        ]
        if len(set(people)) < 2:
            raise _fail(f"{here}.people", "expected at least two different ids")
        date = _date(meeting["date"], f"{here}.date") if "date" in meeting else datetime.date.min
        history.append(
            PastMeeting(
                people=frozenset(people),
                date=date,
                met=_boolean(meeting.get("met", True), f"{here}.met"),
            )
        )

    rounds = _integer(top["rounds"], "rounds", low=1)
    size = None if "size" not in top else _integer(top["size"], "size", low=2)
    min_size = None if "min_size" not in top else _integer(top["min_size"], "min_size", low=2)
    max_size = None if "max_size" not in top else _integer(top["max_size"], "max_size", low=2)
    if size is not None and (min_size is not None or max_size is not None):
        raise _fail("size", "give either size or min_size/max_size, not both")
    if size is None and min_size is None and max_size is None:
        raise _fail("size", "required (or min_size and max_size)")
    if size is not None and size > len(ids):
        raise _fail("size", f"{size} is larger than the number of participants ({len(ids)})")

    together: list[frozenset[str]] = []
    for i, raw in enumerate(_list(top.get("together", []), "together")):
        members = _ids(raw, f"together[{i}]", ids)
        if len(members) < 2:
            raise _fail(f"together[{i}]", "expected at least two different ids")
        together.append(frozenset(members))
    mix_data = _object(top.get("mix", {}), "mix", _MIX_KEYS)
    mix = MixWeights(**{key: _number(mix_data[key], f"mix.{key}") for key in mix_data})

    held: list[tuple[tuple[str, ...], ...]] = []
    for r, raw_round in enumerate(_list(top.get("held", []), "held")):
        rooms: list[tuple[str, ...]] = []
        seen: dict[str, int] = {}
        for k, raw_room in enumerate(_list(raw_round, f"held[{r}]")):
            room: list[str] = []
            for m, raw_pid in enumerate(_list(raw_room, f"held[{r}][{k}]")):
                # Someone who has left since may appear in a held round.
                here = f"held[{r}][{k}][{m}]"
                name = _string(raw_pid, here, empty=False)
                if name in seen:
                    raise _fail(here, f"{_show(name)} is also in room {seen[name]} of this round")
                seen[name] = k
                room.append(name)
            rooms.append(tuple(room))
        held.append(tuple(rooms))

    rules = GroupingRules(
        rounds=rounds,
        size=size,
        min_size=min_size,
        max_size=max_size,
        hosts=_ids(top.get("hosts", []), "hosts", ids),
        roaming=_ids(top.get("roaming", []), "roaming", ids),
        together=tuple(together),
        forbid=_pairs(top.get("forbid", []), "forbid", ids),
        mix=mix,
    )
    return EventInput(
        seed=seed,
        participants=participants,
        seniority=seniority,
        history=tuple(history),
        rules=rules,
        held=tuple(held),
    )


def groups_as_json(plan: GroupPlan, *, seconds: float, numbered: bool) -> dict[str, object]:
    """The plan as `hallway engine groups` prints it; ``numbered`` turns ids into integers."""

    def ids(members: tuple[str, ...]) -> list[int] | list[str]:
        return sorted(int(m) for m in members) if numbered else list(members)

    result: dict[str, object] = {
        "rounds": [[ids(room.members) for room in rooms] for rooms in plan.rounds],
        "repeat_free_rounds": plan.repeat_free_rounds,
        "total_repeats": plan.total_repeats,
        "max_pair_meetings": plan.max_pair_meetings,
        "seconds": round(seconds, 6),
    }
    if not numbered:
        result["reasons"] = [[list(room.reasons) for room in rooms] for rooms in plan.rounds]
    return result


__all__ = ["EventInput", "RoundInputError", "groups_as_json", "load_event", "parse_event"]
