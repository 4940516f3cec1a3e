"""Real servers for the sources of touches: an HTTP server for calendar feeds and a Dovecot
IMAP server for mailboxes, each started by the test that needs it and stopped after it."""

import http.server
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DOVECOT = "/usr/sbin/dovecot"


@dataclass
class FeedServer:
    """Serves `files[path] = body` with an ETag, answers 304 to a matching If-None-Match,
    and counts the requests."""

    port: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def feed_server(settings):
    settings.HALLWAY_SOURCES_ALLOW_PRIVATE = True  # the server is on 127.0.0.1
    state = FeedServer()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            state.requests.append({"path": self.path, **dict(self.headers)})
            if self.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", self.path.removeprefix("/redirect"))
                self.end_headers()
                return
            body = state.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("ETag", etag)
            self.end_headers()  # no Content-Length: the size limit must hold while reading
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.protocol_version = "HTTP/1.0"
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ImapServer:
    host: str
    port: int
    username: str
    password: str

    def connect(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        imap.login(self.username, self.password)
        return imap

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        imap = self.connect()
        try:
            status, detail = imap.append(folder, None, None, raw)
            assert status == "OK", detail
        finally:
            imap.logout()


CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
first_valid_gid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture
def imap_server(settings):
    """A throw-away Dovecot in a temporary folder, listening on 127.0.0.1 without TLS, with
    one user (sam / secret). Its processes run as the current user, or as Dovecot's own
    unprivileged users when the tests run as root (Dovecot refuses to log in as root)."""
    if not os.path.exists(DOVECOT):
        pytest.skip(f"{DOVECOT} is not installed (Debian package dovecot-imapd; .ci/run adds it)")
    settings.HALLWAY_SOURCES_ALLOW_PRIVATE = True
    root = Path(tempfile.mkdtemp(prefix="hallway-dovecot-"))
    if os.geteuid() == 0:
        mail_user = pwd.getpwnam("dovecot")
        login_user, internal_user = "dovenull", "dovecot"
        uid, gid = mail_user.pw_uid, mail_user.pw_gid
        internal_group = "dovecot"
    else:
        me = pwd.getpwuid(os.geteuid())
        login_user = internal_user = me.pw_name
        uid, gid = me.pw_uid, me.pw_gid
        internal_group = subprocess.run(
            ["id", "-gn"], capture_output=True, text=True, check=True
        ).stdout.strip()
    for folder in ("run", "state", "mail"):
        (root / folder).mkdir()
    # Dovecot's unprivileged processes must reach their folders inside the temporary one.
    os.chmod(root, 0o755)  # noqa: S103
    os.chown(root / "mail", uid, gid)
    (root / "passwd").write_text("sam:{PLAIN}secret\n")
    port = _free_port()
    config = root / "dovecot.conf"
    config.write_text(
        CONFIG.format(
            root=root,
            port=port,
            login_user=login_user,
            internal_user=internal_user,
            internal_group=internal_group,
            uid=uid,
            gid=gid,
        )
    )
    # Dovecot forks into the background: its output goes to a file, or the pipe would stay
    # open (held by the daemon) and the start would never return.
    with open(root / "start.log", "wb") as output:
        subprocess.run(
            [DOVECOT, "-c", str(config)], check=True, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        "Dovecot did not start: " + (root / "dovecot.log").read_text()
                    ) from None
                time.sleep(0.05)
        yield ImapServer("127.0.0.1", port, "sam", "secret")
    finally:
        subprocess.run(
            [DOVECOT, "-c", str(config), "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)
