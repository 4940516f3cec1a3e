"""`hallway engine groups`: JSON out (numbered or an event file), exit 2 on bad input."""

import json
import re
import subprocess
import sys
from io import StringIO
from itertools import combinations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args):
    out = StringIO()
    call_command("engine", "groups", *args, stdout=out)
    return json.loads(out.getvalue())


def event(**changes):
    data = {
        "seed": 2,
        "rounds": 3,
        "size": 3,
        "participants": [
            {"id": "ann", "department": "sales"},
            {"id": "bob", "department": "sales", "seniority": "senior"},
            {"id": "cid", "department": "eng", "interests": ["tea"]},
            {"id": "dee", "department": "eng", "interests": ["tea"]},
            {"id": "eve", "department": "ops"},
            {"id": "fay", "department": "ops"},
            {"id": "gus"},
            {"id": "hal"},
            {"id": "ivy"},
        ],
        "history": [{"people": ["ann", "cid"], "date": "2025-01-10"}],
        "hosts": ["ann"],
        "roaming": ["gus"],
        "together": [["eve", "fay"]],
        "forbid": [["bob", "hal"]],
        "mix": {"different_department": 1.0, "shared_interest": 0.5},
    }
    data.update(changes)
    return data


def run_event(tmp_path, data, *args):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return run("--input", str(path), *args)


def test_numbered_form_prints_the_contract():
    result = run("--people", "16", "--size", "4", "--rounds", "5", "--seed", "3")
    assert set(result) == {
        "rounds",
        "repeat_free_rounds",
        "total_repeats",
        "max_pair_meetings",
        "seconds",
    }
    assert len(result["rounds"]) == 5
    for groups in result["rounds"]:
        assert sorted(p for g in groups for p in g) == list(range(16))
        assert all(len(g) == 4 for g in groups)
    pairs = [pair for groups in result["rounds"] for g in groups for pair in combinations(g, 2)]
    assert len(pairs) == len(set(pairs))  # AG(2, 4): nobody meets twice
    assert result["repeat_free_rounds"] == 5
    assert result["total_repeats"] == 0
    assert result["max_pair_meetings"] == 1


def test_numbered_form_reports_repeats_and_is_deterministic():
    first = run("--people", "6", "--size", "3", "--rounds", "4", "--seed", "1")
    again = run("--people", "6", "--size", "3", "--rounds", "4", "--seed", "1")
    assert first["rounds"] == again["rounds"]
    # Six people in triples: at most two rounds without a repeat.
    assert first["repeat_free_rounds"] <= 2
    assert first["total_repeats"] > 0
    assert first["max_pair_meetings"] >= 2


def test_event_form_keeps_the_rules_and_explains_rooms(tmp_path):
    everyone = event()["participants"]
    result = run_event(tmp_path, event())
    assert len(result["rounds"]) == 3
    assert len(result["reasons"]) == 3
    visited = set()
    for groups, reasons in zip(result["rounds"], result["reasons"], strict=True):
        assert sorted(p for g in groups for p in g) == sorted(p["id"] for p in everyone)
        assert "ann" in groups[0]
        assert "host:ann" in reasons[0]
        room = next(k for k, g in enumerate(groups) if "gus" in g)
        assert room not in visited
        visited.add(room)
        assert "roaming:gus" in reasons[room]
        assert any({"eve", "fay"} <= set(g) for g in groups)
        assert not any({"bob", "hal"} <= set(g) for g in groups)
        assert all(len(g) == 3 for g in groups)
    # The fewest repeats these rules allow (found by enumerating every plan): the set
    # eve+fay fills two thirds of a room, the host meets two people a round.
    assert result["total_repeats"] == 3
    assert run_event(tmp_path, event()) | {"seconds": 0} == result | {"seconds": 0}


def test_event_held_rounds_are_kept(tmp_path):
    held = [[["ann", "bob", "cid"], ["dee", "eve", "fay"], ["gus", "hal", "zoe"]]]
    data = event(held=held, hosts=[], roaming=[], together=[], forbid=[])
    result = run_event(tmp_path, data)
    assert result["rounds"][0] == held[0]
    assert result["reasons"][0] == [["held"], ["held"], ["held"]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"size": 10}, "size: 10 is larger than the number of participants (9)"),
        ({"rounds": 0}, "rounds: expected an integer from 0"),
        ({"hosts": ["zed"]}, 'hosts[0]: unknown id "zed"'),
        ({"roaming": ["ann", "zed"]}, 'roaming[1]: unknown id "zed"'),
        ({"together": [["eve", "zed"]]}, 'together[0][1]: unknown id "zed"'),
        ({"forbid": [["bob", "zed"]]}, 'forbid[0][1]: unknown id "zed"'),
        ({"mix": {"diversity": 1}}, "mix.diversity: unknown field"),
        ({"roaming": ["ann"]}, "roaming[0]: 'ann' is also a host"),
        ({"rounds": 4}, "roaming: 4 rounds but only 3 rooms"),
    ],
)
def test_event_bad_input_names_the_field(tmp_path, change, message):
    if "rounds: expected" in message:
        message = "rounds: expected an integer from 1, got 0"
    with pytest.raises(CommandError, match=re.escape(message)) as caught:
        run_event(tmp_path, event(**change))
    assert caught.value.returncode == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--people", "5", "--size", "6", "--rounds", "2"), "--size: expected 2 to the number"),
        (("--people", "5", "--size", "2", "--rounds", "0"), "--rounds: expected at least 1"),
        (("--people", "5", "--size", "2"), "--rounds: required"),
        (("--people", "5", "--input", "x.json"), "--input: not together with --people"),
    ],
)
def test_numbered_bad_input(args, message):
    with pytest.raises(CommandError, match=re.escape(message)) as caught:
        run(*args)
    assert caught.value.returncode == 2


def test_command_line_exit_code_without_traceback(tmp_path):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event(hosts=["zed"])), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "hallway.cli", "engine", "groups", "--input", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert 'hosts[0]: unknown id "zed"' in done.stderr
    assert "Traceback" not in done.stderr
