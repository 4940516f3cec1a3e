"""Messaging fixtures: people in two zones, a fake transport, a helper to enqueue."""

import datetime
from typing import Any

import pytest

from hallway.messaging.channels.base import BaseTransport, TransportError
from tests.factories import make_message, make_person

# A Wednesday, 12:00 UTC: inside Berlin (13:00/14:00) and São Paulo (09:00) working hours.
WEDNESDAY_NOON = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def bruno(acme):
    """A person in São Paulo who reads Portuguese-less Hallway in English."""
    return make_person(
        acme,
        "Bruno Souza",
        email="bruno@acme.test",
        timezone="America/Sao_Paulo",
        preferred_language="en",
    )


@pytest.fixture
def enqueue(acme):
    """`factories.make_message` in Acme (or `organisation=`)."""

    def make(key: str = "k1", **fields: Any):
        return make_message(fields.pop("organisation", acme), key, **fields)

    return make


class FakeTransport(BaseTransport):
    """Records what it was asked to send; fails as told (a list of errors, one per call)."""

    def __init__(self, errors: list[TransportError | None] | None = None) -> None:
        self.sent: list[int] = []
        self.errors = list(errors or [])
        self.opened = 0
        self.closed = 0

    def __enter__(self):
        self.opened += 1
        return self

    def close(self) -> None:
        self.closed += 1

    def send(self, message, rendered) -> None:
        error = self.errors.pop(0) if self.errors else None
        if error is not None:
            raise error
        self.sent.append(message.pk)
        message.external_id = f"fake-{message.pk}"


@pytest.fixture
def fake_transport():
    transport = FakeTransport()
    return transport


class Recorded:
    def __init__(self, path: str, headers: dict[str, str], body: bytes) -> None:
        self.path = path
        self.headers = headers
        self.body = body


@pytest.fixture
def http_server():
    """A local HTTP server: set `server.answer = fn(path, headers, body) -> (status, dict)`;
    every request lands in `server.requests`."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {key.lower(): value for key, value in self.headers.items()}
            server.requests.append(Recorded(self.path, headers, body))
            status, answer = server.answer(self.path, headers, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.requests = []
    server.answer = lambda path, headers, body: (200, {"ok": True})
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
