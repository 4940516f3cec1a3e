"""`hallway serve`: serves the app and its static files, stops on SIGTERM (with its worker)."""

import json
import os
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.core.processes import (
    Running,
    children_of,
    free_port,
    fresh_sqlite_data_dir,
    hallway_command,
    hallway_env,
    is_running,
    run_hallway,
    sqlite_rows,
    wait_until,
)


@pytest.fixture
def data_dir(tmp_path):
    return fresh_sqlite_data_dir(tmp_path / "data")


def worker_children(pid: int) -> list[int]:
    """The `hallway worker` processes among `pid`'s children (the others serve requests)."""
    found = []
    for child in children_of(pid):
        try:
            arguments = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"worker" in arguments:
            found.append(child)
    return found


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own local server
        return response.status, response.headers.get("Content-Type", ""), response.read()


def start_serving(data_dir, *args: str) -> tuple[Running, str]:
    port = free_port()
    server = Running("serve", "--port", str(port), *args, env=hallway_env(data_dir))
    server.wait_for_output(f"Hallway is running at http://127.0.0.1:{port}/")
    return server, f"http://127.0.0.1:{port}"


def test_serves_the_app_and_static_files_and_stops_on_sigterm(data_dir):
    server, url = start_serving(data_dir)
    try:
        status, _, body = get(f"{url}/healthz")
        assert (status, json.loads(body)) == (200, {"status": "ok"})

        status, content_type, body = get(f"{url}/static/hallway/app.css")
        assert status == 200
        assert content_type.startswith("text/css")
        assert body  # the stylesheet itself, found without collectstatic

        server.send_signal(signal.SIGTERM)
        assert server.wait() == 0, server.output()
    finally:
        server.kill()
    assert "Hallway stopped." in server.output()


def test_with_worker_runs_tasks_restarts_a_dead_worker_and_stops_it_on_sigterm(data_dir):
    run_hallway(
        "shell",
        "-c",
        "from tests.core import sample_tasks as t; t.create_probe_table(); t.record_run.enqueue('served')",
        env=hallway_env(data_dir),
    )
    server, url = start_serving(data_dir, "--with-worker")
    workers: list[int] = []
    try:
        wait_until(lambda: worker_children(server.pid), what="the worker process to start")
        workers += worker_children(server.pid)
        wait_until(
            lambda: sqlite_rows(data_dir, "SELECT label FROM test_worker_probe") == [("served",)],
            what="the worker to run the queued task",
        )

        os.kill(workers[0], signal.SIGKILL)
        wait_until(
            lambda: [pid for pid in worker_children(server.pid) if pid != workers[0]],
            what="a new worker after the first one died",
        )
        workers += worker_children(server.pid)
        wait_until(
            lambda: server.output().count("started (queues") == 2,
            what="the new worker to be ready",
        )
        assert get(f"{url}/healthz")[0] == 200

        server.send_signal(signal.SIGTERM)
        assert server.wait() == 0, server.output()
    finally:
        server.kill()
        leftovers = [pid for pid in workers if is_running(pid)]
        for pid in leftovers:
            os.kill(pid, signal.SIGKILL)
    assert not leftovers, "the worker outlived hallway serve"
    output = server.output()
    assert "exited with code -9; restarting" in output
    # The second worker was asked to stop and said so itself (a graceful stop, not a kill).
    assert "stopped after" in output, output


def test_the_worker_and_web_processes_stop_by_themselves_when_serve_is_killed_hard(data_dir):
    server, _ = start_serving(data_dir, "--with-worker", "--processes", "2")
    workers: list[int] = []
    try:
        server.wait_for_output("started (queues")
        workers += worker_children(server.pid)
        assert len(workers) == 1
        wait_until(lambda: len(children_of(server.pid)) == 3, what="two web processes")
        workers = children_of(server.pid)
        server.send_signal(signal.SIGKILL)
        server.wait()
        wait_until(
            lambda: not any(is_running(pid) for pid in workers),
            what="the orphaned worker and web processes to stop",
        )
    finally:
        server.kill()
        for pid in workers:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)


def web_processes(pid: int) -> list[int]:
    return [child for child in children_of(pid) if child not in worker_children(pid)]


@pytest.mark.parametrize(
    ("args", "environment", "processes"),
    [
        (["--processes", "3"], {}, 3),
        ([], {"HALLWAY_PROCESSES": "2"}, 2),
    ],
)
def test_serves_from_several_processes_and_stops_them_on_sigterm(
    data_dir, args, environment, processes
):
    port = free_port()
    server = Running(
        "serve", "--port", str(port), *args, env={**hallway_env(data_dir), **environment}
    )
    children: list[int] = []
    try:
        server.wait_for_output(f"Hallway is running at http://127.0.0.1:{port}/")
        # One request thread each by default: a busy process leaves new requests to the others.
        server.wait_for_output(f"Serving with {processes} processes (1 thread each, gunicorn).")
        wait_until(lambda: len(web_processes(server.pid)) == processes, what="the web processes")
        children = web_processes(server.pid)
        for _ in range(2 * processes):
            assert get(f"http://127.0.0.1:{port}/healthz")[0] == 200

        server.send_signal(signal.SIGTERM)
        assert server.wait() == 0, server.output()
        assert not any(is_running(pid) for pid in children)
    finally:
        server.kill()
        for pid in children:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)
    assert "Hallway stopped." in server.output()


def test_one_process_serves_from_this_process_alone(data_dir):
    server, url = start_serving(data_dir, "--processes", "1")
    try:
        server.wait_for_output("Serving with 1 process (8 threads, waitress).")
        assert get(f"{url}/healthz")[0] == 200
        assert children_of(server.pid) == []
        server.send_signal(signal.SIGTERM)
        assert server.wait() == 0, server.output()
    finally:
        server.kill()


def test_refuses_fewer_than_one_process(data_dir):
    done = subprocess.run(
        hallway_command("serve", "--processes", "0"),
        env=hallway_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "--processes must be at least 1." in done.stderr
