"""The PostgreSQL server `make test-postgres` runs the suite on when none is at hand."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.core.processes import ROOT, free_port
from tests.postgres_for_tests import embedded_server, server_answers

WRAPPER = [sys.executable, str(ROOT / "tests" / "postgres_for_tests.py")]
# A command that reports what the wrapper gave it, then waits for the test's word.
REPORT = """
import os, sys, psycopg
url = os.environ["DATABASE_URL"]
with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres") as connection:
    row = connection.execute("SELECT current_setting('data_directory'), version()").fetchone()
print(url, *row, sep="\\n", flush=True)
if sys.argv[1] == "wait":
    sys.stdin.read()
sys.exit(int(sys.argv[2]))
"""


def _sigint_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def nothing_listening() -> str:
    return f"postgres://postgres@127.0.0.1:{free_port()}"


def wrapper(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*WRAPPER, *args],
        cwd=ROOT,
        # Its own process group, like a terminal's foreground job: Ctrl-C reaches all of it.
        start_new_session=True,
        # And Ctrl-C acts, as in a terminal's foreground job, even when the suite itself was
        # started in the background (a shell starts background jobs with SIGINT ignored, and
        # an ignored signal is inherited).
        preexec_fn=_sigint_as_in_a_terminal,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def server_of(url: str) -> str:
    return url.rsplit("/", 1)[0]


@pytest.mark.database_independent
def test_an_embedded_server_runs_on_a_free_local_port_and_is_gone_afterwards():
    with embedded_server() as server:
        assert server.url.startswith("postgres://postgres@127.0.0.1:")
        with psycopg.connect(f"{server.url}/postgres") as connection:
            version = connection.execute("SHOW server_version_num").fetchone()[0]
            assert int(version) // 10000 == 18
            # Unicode case folding, as on Debian's clusters (SQL lower() follows the locale).
            assert connection.execute("SELECT lower('ÄRGER')").fetchone()[0] == "ärger"
        assert server.directory.exists()

    assert server.process.poll() is not None
    assert not server.directory.exists()
    assert not server_answers(server.url, timeout=1)


@pytest.mark.database_independent
def test_the_wrapper_hands_the_command_a_fresh_server_and_cleans_up_when_the_command_fails():
    done = subprocess.run(
        [
            *WRAPPER,
            "--local",
            nothing_listening(),
            "--database",
            "hallway_x",
            "--",
            sys.executable,
            "-c",
            REPORT,
            "go",
            "3",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 3, done.stderr
    url, data_directory, version = done.stdout.splitlines()
    assert url.startswith("postgres://postgres@127.0.0.1:")
    assert url.endswith("/hallway_x")
    assert version.startswith("PostgreSQL 18.")
    assert "starting an embedded PostgreSQL" in done.stderr
    assert not server_answers(server_of(url), timeout=1)
    assert not Path(data_directory).exists()


@pytest.mark.database_independent
@pytest.mark.parametrize(
    ("signum", "to_the_group"),
    [(signal.SIGTERM, False), (signal.SIGINT, True)],
    ids=["SIGTERM", "Ctrl-C"],
)
def test_a_stopped_run_stops_the_command_then_the_server(signum, to_the_group):
    run = wrapper("--local", nothing_listening(), "--", sys.executable, "-c", REPORT, "wait", "0")
    try:
        assert run.stdout is not None
        url = run.stdout.readline().strip()
        data_directory = run.stdout.readline().strip()
        assert server_answers(server_of(url), timeout=1)

        if to_the_group:
            os.killpg(run.pid, signum)
        else:
            run.send_signal(signum)
        # The wrapper's own stop may take STOP_TIMEOUT and then some; on a machine busy
        # with the rest of the suite, the shutdown checkpoint alone can take half a minute.
        code = run.wait(120)
    finally:
        run.kill()
        run.communicate()

    # The command got the signal (it would otherwise have waited for its stdin forever).
    assert code == 128 + signum
    assert not server_answers(server_of(url), timeout=1)
    assert not Path(data_directory).exists()


def test_a_given_url_is_used_as_it_is_and_no_server_is_started():
    given = "postgres://someone@db.invalid:6543/elsewhere"
    done = subprocess.run(
        [
            *WRAPPER,
            "--url",
            given,
            "--",
            sys.executable,
            "-c",
            "import os; print(os.environ['DATABASE_URL'])",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert done.stdout.strip() == given
    assert "embedded" not in done.stderr


def test_a_given_url_is_announced_without_its_password():
    given = "postgres://someone:s3cret@db.invalid:6543/elsewhere"
    done = subprocess.run(
        [*WRAPPER, "--url", given, "--", sys.executable, "-c", "pass"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert "postgres://someone:***@db.invalid:6543/elsewhere" in done.stderr
    assert "s3cret" not in done.stderr


def test_without_a_command_the_wrapper_says_what_is_missing():
    done = subprocess.run(
        [*WRAPPER, "--url", "postgres://x@y/z"], capture_output=True, text=True, check=False
    )

    assert done.returncode == 2
    assert "give the command to run after --" in done.stderr
