"""`hallway engine match`: JSON out, clear errors with line numbers, exit 2 on bad input."""

import json
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run_match(tmp_path, text, *args):
    path = tmp_path / "edges.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("engine", "match", str(path), *args, stdout=out)
    return json.loads(out.getvalue())


def test_match_prints_pairs_weight_and_count(tmp_path):
    result = run_match(
        tmp_path,
        "u,v,weight\nann,bob,1\nbob,cid,5\ncid,dee,1\nann,dee,2.5\n",
        "--max-cardinality",
    )
    assert result["pairs"] == [["ann", "dee"], ["bob", "cid"]]
    assert result["total_weight"] == 7.5
    assert result["matched"] == 4
    assert result["seconds"] >= 0


def test_without_max_cardinality_it_is_plain_maximum_weight(tmp_path):
    text = "u,v,weight\na,b,1\nb,c,10\nc,d,1\n"
    assert run_match(tmp_path, text)["pairs"] == [["b", "c"]]
    assert run_match(tmp_path, text, "--max-cardinality")["pairs"] == [["a", "b"], ["c", "d"]]


def test_same_seed_same_answer_and_columns_in_any_order(tmp_path):
    text = "weight,v,u\n" + "".join(f"1,p{b},p{a}\n" for a in range(6) for b in range(a + 1, 6))
    first = run_match(tmp_path, text, "--seed", "4")
    assert first == {**run_match(tmp_path, text, "--seed", "4"), "seconds": first["seconds"]}
    assert first["matched"] == 6


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("u,weight\na,1\n", "line 1: missing column v"),
        ("u,v,weight\na,b,-1\n", "line 2: weight -1 is negative"),
        ("u,v,weight\na,b,1\na,c,lots\n", "line 3: weight 'lots' is not a number"),
        ("u,v,weight\na,b,nan\n", "line 2: weight 'nan' is not finite"),
        ("u,v,weight\na,b,inf\n", "line 2: weight 'inf' is not finite"),
        ("u,v,weight\na,a,1\n", "line 2: self-loop"),
        ("u,v,weight\na,b,1\nb,a,2\n", "line 3: duplicate edge b,a (first on line 2)"),
        ("u,v,weight\na,,1\n", "line 2: empty id"),
        ("u,v,weight\na,b\n", "line 2: expected 3 values"),
        ("", "empty file"),
    ],
)
def test_bad_input_names_the_line_and_reason(tmp_path, text, message):
    path = tmp_path / "edges.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=re.escape(message)) as caught:
        call_command("engine", "match", str(path))
    assert caught.value.returncode == 2


def test_command_line_exit_code_and_stderr(tmp_path):
    path = tmp_path / "edges.csv"
    path.write_text("u,v,weight\na,b,1\na,b,1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "hallway.cli", "engine", "match", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "line 3: duplicate edge" in done.stderr
    path.write_text("u,v,weight\na,b,1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "hallway.cli", "engine", "match", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["pairs"] == [["a", "b"]]


# --- hallway engine pair ROUND.json ---------------------------------------------------------


def person(pid, **kw):
    return {"id": pid, **kw}


def a_round(**kw):
    return {
        "date": "2025-03-24",
        "seed": 3,
        "participants": [
            person(
                "ann",
                team="a",
                timezone="Europe/Berlin",
                working_hours=["09:00", "17:30"],
                languages=["de", "en"],
                interests=["tea"],
            ),
            person("bob", team="b", timezone="America/Sao_Paulo", interests=["tea"]),
            person("cid", team="a", manager="ann", working_days=[1, 2, 3]),
            person("dee", team="c", start_date="2025-03-17"),
        ],
        "history": [{"people": ["ann", "bob"], "date": "2025-02-01", "met": True}],
        "rules": {"prefer": {"different_team": 2}, "odd": "sit_out"},
        **kw,
    }


def run_pair(tmp_path, data):
    path = tmp_path / "round.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out = StringIO()
    call_command("engine", "pair", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_pair_prints_groups_reasons_slots_and_objective(tmp_path):
    result = run_pair(tmp_path, a_round())
    assert set(result) == {"groups", "unmatched", "objective", "seconds"}
    groups = {tuple(g["members"]): g for g in result["groups"]}
    # ann met bob recently and manages cid, so ann meets dee (a new hire); bob meets cid.
    assert set(groups) == {("ann", "dee"), ("bob", "cid")}
    assert groups[("ann", "dee")]["reasons"][:2] == ["onboarding", "never_met"]
    assert result["unmatched"] == []
    assert result["objective"] == sum(g["score"] for g in result["groups"])
    slot = groups[("bob", "cid")]["slots"][0]
    assert slot["start"].endswith("Z")
    assert set(slot["local"]) == {"bob", "cid"}
    assert slot["local"]["bob"]["start"].endswith("-03:00")
    assert len(groups[("bob", "cid")]["slots"]) == 3
    assert result["seconds"] >= 0


def test_pair_minimal_input_uses_the_defaults(tmp_path):
    result = run_pair(
        tmp_path, {"date": "2025-06-02", "participants": [{"id": "x"}, {"id": "y"}, {"id": "z"}]}
    )
    (group,) = result["groups"]
    assert group["members"] == ["x", "y", "z"]
    assert "joined_as_third" in group["reasons"]
    assert group["slots"][0]["start"] == "2025-06-02T09:00:00Z"


def test_pair_sit_out_says_who_and_why(tmp_path):
    data = a_round(previous_sit_outs=["bob"])
    data["participants"].append(
        person("eve", timezone="Asia/Tokyo", working_hours=["09:00", "10:00"])
    )
    data["rules"]["min_overlap_minutes"] = 60
    result = run_pair(tmp_path, data)
    assert {"id": "eve", "reason": "no_partner_enough_overlap"} in result["unmatched"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["participants"][3].update(timezone="Mars/Base"),
            'participants[3].timezone: unknown time zone "Mars/Base"',
        ),
        (
            lambda d: d["participants"][1].update(id="ann"),
            'participants[1].id: duplicate id "ann" (also participants[0])',
        ),
        (
            lambda d: d["rules"].update(forbid=[["ann", "zed"]]),
            'rules.forbid[0][1]: unknown id "zed"',
        ),
        (
            lambda d: d["rules"].update(force=[["zed", "ann"]]),
            'rules.force[0][0]: unknown id "zed"',
        ),
        (lambda d: d["rules"].update(force=[["ann"]]), "rules.force[0]: expected two ids"),
        (
            lambda d: d["participants"][0].update(working_hours=["9", "17:00"]),
            'participants[0].working_hours[0]: expected a time "HH:MM"',
        ),
        (
            lambda d: d["participants"][0].update(working_hours=["09:00", "24:00"]),
            'participants[0].working_hours[1]: expected a time "HH:MM"',
        ),
        (
            lambda d: d["participants"][0].update(working_days=[0]),
            "participants[0].working_days[0]: expected an integer from 1 to 7, got 0",
        ),
        (lambda d: d["rules"].update(group_size=4), "rules.group_size: expected 2 or 3, got 4"),
        (lambda d: d["rules"].update(odd="never"), 'rules.odd: expected "trio" or "sit_out"'),
        (lambda d: d["rules"].update(grup_size=3), "rules.grup_size: unknown field"),
        (lambda d: d.update(date="24.03.2025"), 'date: expected a date "YYYY-MM-DD"'),
        (lambda d: d.pop("date"), "date: required"),
        (lambda d: d.update(seed="x"), 'seed: expected an integer, got "x"'),
        (lambda d: d["participants"][0].pop("id"), "participants[0].id: required"),
        (lambda d: d["history"][0].update(met="yes"), "history[0].met: expected true or false"),
        (
            lambda d: d["rules"]["prefer"].update(different_team="lots"),
            'rules.prefer.different_team: expected a number, got "lots"',
        ),
    ],
)
def test_pair_bad_input_names_the_path(tmp_path, change, message):
    data = a_round()
    change(data)
    path = tmp_path / "round.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=re.escape(message)) as caught:
        call_command("engine", "pair", str(path))
    assert caught.value.returncode == 2
    assert str(caught.value).startswith(f"{path}: ")


def test_pair_invalid_json_and_missing_file(tmp_path):
    path = tmp_path / "round.json"
    path.write_text('{"date": "2025-03-24",\n "participants": [}', encoding="utf-8")
    with pytest.raises(CommandError, match="invalid JSON at line 2 column") as caught:
        call_command("engine", "pair", str(path))
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="No such file") as caught:
        call_command("engine", "pair", str(tmp_path / "missing.json"))
    assert caught.value.returncode == 2


def test_pair_command_line_exit_code_without_traceback(tmp_path):
    path = tmp_path / "round.json"
    data = a_round()
    data["participants"][3]["timezone"] = "Mars/Base"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "hallway.cli", "engine", "pair", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert 'participants[3].timezone: unknown time zone "Mars/Base"' in done.stderr
    assert "Traceback" not in done.stderr


def test_history_and_managers_may_name_people_outside_the_round(tmp_path):
    round_file = tmp_path / "round.json"
    data = {
        "date": "2026-01-14",
        "seed": 1,
        "participants": [
            {"id": "ann", "timezone": "Europe/Berlin", "manager": "ceo-not-here"},
            {"id": "bob", "timezone": "Europe/Berlin"},
        ],
        "history": [{"people": ["ann", "left-last-year"], "date": "2025-12-01"}],
        "previous_sit_outs": ["someone-on-leave"],
    }
    round_file.write_text(json.dumps(data))
    out = StringIO()
    call_command("engine", "pair", str(round_file), stdout=out)
    plan = json.loads(out.getvalue())
    assert [sorted(group["members"]) for group in plan["groups"]] == [["ann", "bob"]]
