"""Reading edge lists: the vectorised reader and the careful one agree on every file."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallway.engine import edge_input
from hallway.engine.edge_input import EdgeInputError, read_edges


def careful(path: Path) -> edge_input.EdgeList:
    return edge_input._read_careful(path.read_bytes().removeprefix(b"\xef\xbb\xbf"), path)


def same(first: edge_input.EdgeList, second: edge_input.EdgeList) -> bool:
    return (
        first.ids == second.ids
        and np.array_equal(first.u, second.u)
        and np.array_equal(first.v, second.v)
        and np.array_equal(first.weight, second.weight)
    )


ids = (
    st.text(alphabet="abcxyzÄé€0123-_.@ \u00a0", min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)
weights = st.one_of(
    st.integers(0, 10**15).map(str),
    st.floats(0, 1e12, allow_nan=False).map(repr),
    st.sampled_from(["1e3", "0.5", "007", "1_000", "12.250"]),
)


@given(
    edges=st.lists(st.tuples(ids, ids, weights), max_size=40).map(
        lambda rows: list({frozenset((u, v)): (u, v, w) for u, v, w in rows if u != v}.values())
    ),
    order=st.permutations(["u", "v", "weight"]),
)
def test_both_readers_give_the_same_answer(tmp_path_factory, edges, order):
    path = tmp_path_factory.mktemp("edges") / "edges.csv"
    lines = [",".join(order)] + [
        ",".join({"u": u, "v": v, "weight": w}[name] for name in order) for u, v, w in edges
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = careful(path)
    assert same(read_edges(path), expected)
    assert expected.ids == list(dict.fromkeys(x for u, v, _ in edges for x in (u, v)))


@pytest.mark.parametrize(
    "text",
    [
        'u,v,weight\n"a,1",b,2\nb,c,3\n',  # quoted, with a comma inside
        "u,v,weight\r\na,b,2\r\nb,c,3\r\n",  # Windows line ends
        "u,v,weight\n a ,b, 2\nb,c,3\n",  # spaces around values
        "u,v,weight\na\u00a0,b,2\nb,c,3\n",  # a no-break space, which str.strip() removes
        "u,v,weight\n\na,b,2\n\nb,c,3",  # blank lines, no final line end
        "\ufeffweight,u,v,note\n2,a,b,x\n3,b,c,y\n",  # BOM, another order, one more column
        "u,v,weight\na,b,2\nb,c,3,extra\n",  # one row longer than the header
    ],
)
def test_files_the_fast_reader_leaves_alone_are_read_the_same(tmp_path, text):
    path = tmp_path / "edges.csv"
    path.write_text(text, encoding="utf-8")
    found = read_edges(path)
    assert same(found, careful(path))
    assert [found.ids[i] for i in found.u] == ["a,1" if '"' in text else "a", "b"]
    assert found.weight.tolist() == [2.0, 3.0]


def test_a_hash_collision_costs_time_never_a_wrong_answer(tmp_path, monkeypatch):
    path = tmp_path / "edges.csv"
    path.write_text("u,v,weight\nab,ba,1\nba,cd,2\ndc,ab,3\n", encoding="utf-8")
    # Every id hashes alike: the byte-for-byte check must notice and hand over.
    monkeypatch.setattr(edge_input, "_MIX", (np.uint64(0), np.uint64(0)))
    found = read_edges(path)
    assert found.ids == ["ab", "ba", "cd", "dc"]
    assert same(found, careful(path))


def test_a_large_plain_file_is_read_without_the_careful_reader(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 5_000, 50_000), rng.integers(0, 5_000, 50_000)
    pairs = {(min(x, y), max(x, y)) for x, y in zip(a.tolist(), b.tolist(), strict=True) if x != y}
    rows = [f"person-{x},person-{y},{(x * y) % 1000}" for x, y in sorted(pairs)]
    path = tmp_path / "edges.csv"
    path.write_text("u,v,weight\n" + "\n".join(rows) + "\n", encoding="utf-8")
    expected = careful(path)

    def refuse(*args):
        raise AssertionError("the plain file went to the careful reader")

    monkeypatch.setattr(edge_input, "_read_careful", refuse)
    assert same(read_edges(path), expected)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"u,v,weight\na,b,1\n\xff\xfe,c,2\n", "not UTF-8 text"),
        (b"u,v,weight\na,b,1e400\n", "line 2: weight '1e400' is not finite"),
        (b"u,v,weight\na,b,1\nc,d,\n", "line 3: weight '' is not a number"),
        (b"u,v,weight\na,b,1\nc,b,2\nb,a,3\n", "line 4: duplicate edge b,a (first on line 2)"),
    ],
)
def test_problems_are_named_by_the_careful_reader(tmp_path, data, message):
    path = tmp_path / "edges.csv"
    path.write_bytes(data)
    with pytest.raises(EdgeInputError, match=re.escape(message)):
        read_edges(path)


def test_the_command_starts_without_django(tmp_path):
    path = tmp_path / "edges.csv"
    path.write_text("u,v,weight\na,b,1\nb,c,5\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from hallway.cli import main\n"
        f"sys.argv = ['hallway', 'engine', 'match', {str(path)!r}]\n"
        "try:\n    main()\n"
        "except SystemExit as done:\n    assert done.code == 0, done.code\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('django', 'scipy')]\n"
        "sys.exit(f'loaded {loaded[:3]}' if loaded else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert '"pairs": [["b", "c"]]' in done.stdout


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2**64 - 1) | st.sampled_from([0, 1, 2**20, 2**40, 2**63]), max_size=300)
)
def test_distinct_numbers_equal_keys_alike(keys):
    # Keys that agree in their low bits fight for the same slots: still one number per key.
    key = np.array(keys, dtype=np.uint64)
    number, count = edge_input._distinct(key)
    assert count == len(set(keys))
    assert sorted(set(number.tolist())) == list(range(count))
    pairs = {(k, x) for k, x in zip(keys, number.tolist(), strict=True)}
    assert len(pairs) == count  # equal keys share a number, different keys never do
