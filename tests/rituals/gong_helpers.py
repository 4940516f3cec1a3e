"""What the gong's tests share: local receivers (a Slack-compatible Web API and a Teams
workflow webhook), gong channels on them, and signed webhook requests."""

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from hallway.messaging.channel_setup import channel_save
from hallway.rituals.services.gong import gong_target_save
from hallway.rituals.services.gong_webhook import signature_of

SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


class Recorded:
    def __init__(self, path, headers, body):
        self.path = path
        self.headers = headers
        self.body = body

    def form(self):
        if self.headers.get("content-type", "").startswith("application/json"):
            return json.loads(self.body)
        return {key: values[-1] for key, values in parse_qs(self.body.decode()).items()}


@contextmanager
def local_server(answer):
    """A real HTTP server on localhost answering `answer(path, headers, body)`."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {key.lower(): value for key, value in self.headers.items()}
            server.requests.append(Recorded(self.path, headers, body))
            status, reply = answer(self.path, headers, body)
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.requests = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def slack_answer(path, headers, body):
    """chat.postMessage into a channel (a gong never opens a DM)."""
    if headers.get("authorization") != "Bearer xoxb-good":
        return 200, {"ok": False, "error": "invalid_auth"}
    if path.endswith("/chat.postMessage"):
        channel = Recorded(path, headers, body).form()["channel"]
        return 200, {"ok": True, "channel": channel, "ts": "1700000000.000100"}
    return 200, {"ok": False, "error": "unknown_method"}


def gong_channels(organisation, slack_url, teams_url, *, slack_language="de", teams_language=""):
    slack = channel_save(
        organisation=organisation,
        kind="slack",
        name="Slack",
        values={
            "bot_token": "xoxb-good",
            "signing_secret": SLACK_SECRET,
            "api_url": slack_url + "/api/",
        },
    )
    teams = channel_save(
        organisation=organisation,
        kind="teams",
        name="Teams: Wins",
        values={"url": teams_url + "/workflows/hook"},
    )
    slack_target = gong_target_save(
        organisation=organisation, channel=slack, address="CWINS", language=slack_language
    )
    teams_target = gong_target_save(
        organisation=organisation, channel=teams, language=teams_language
    )
    return slack_target, teams_target


def signed(client, url, payload, secret, *, signature=None):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {}
    if signature is not False:
        headers["X-Hallway-Signature"] = signature or signature_of(secret, body)
    return client.post(url, body, content_type="application/json", headers=headers)
