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
