"""`hallway serve`: serves the app and its static files, stops on SIGTERM (with its worker)."""

import json
import os
import signal
import urllib.request

import pytest

from tests.core.processes import (
    Running,
    children_of,
    free_port,
    fresh_sqlite_data_dir,
    hallway_env,
    is_running,
    run_hallway,
    sqlite_rows,
    wait_until,
)


@pytest.fixture
def data_dir(tmp_path):
    return fresh_sqlite_data_dir(tmp_path / "data")


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
        wait_until(lambda: children_of(server.pid), what="the worker process to start")
        workers += children_of(server.pid)
        wait_until(
            lambda: sqlite_rows(data_dir, "SELECT label FROM test_worker_probe") == [("served",)],
            what="the worker to run the queued task",
        )

        os.kill(workers[0], signal.SIGKILL)
        wait_until(
            lambda: [pid for pid in children_of(server.pid) if pid != workers[0]],
            what="a new worker after the first one died",
        )
        workers += children_of(server.pid)
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


def test_the_worker_stops_by_itself_when_serve_is_killed_hard(data_dir):
    server, _ = start_serving(data_dir, "--with-worker")
    workers: list[int] = []
    try:
        server.wait_for_output("started (queues")
        workers += children_of(server.pid)
        assert len(workers) == 1
        server.send_signal(signal.SIGKILL)
        server.wait()
        wait_until(
            lambda: not any(is_running(pid) for pid in workers), what="the orphaned worker to stop"
        )
    finally:
        server.kill()
        for pid in workers:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)
