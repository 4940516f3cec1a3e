"""A real OpenID provider process (the `oidc-provider` npm package, see oidc_provider/) for
the single sign-on tests, and a tiny "browser" that follows its pages.

The package is installed once with `npm ci` into a cache folder named after the lock file's
digest (HALLWAY_TEST_CACHE, default ~/.cache/hallway), so the worktree stays clean. Without
node or npm the tests are skipped, except in CI (CI=true), where that is a failure.
"""

import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

SOURCE = Path(__file__).parent / "oidc_provider"
CLIENT_ID = "hallway-test"
CLIENT_SECRET = "a-client-secret-for-tests"
HALLWAY = "http://testserver"
REDIRECT_URI = f"{HALLWAY}/accounts/sso/callback/"


@dataclass(frozen=True)
class RunningProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.exit(f"{what} is missing; the single sign-on tests need it in CI", returncode=1)
    pytest.skip(f"{what} is missing")


def installed_provider() -> Path:
    """A folder with server.js and its node_modules, installed by `npm ci` if needed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _missing("node" if node is None else "npm")
    lock = (SOURCE / "package-lock.json").read_bytes()
    cache = Path(os.environ.get("HALLWAY_TEST_CACHE", Path.home() / ".cache" / "hallway"))
    folder = cache / f"oidc-provider-{hashlib.sha256(lock).hexdigest()[:16]}"
    if not (folder / "node_modules").is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="oidc-provider-", dir=cache))
        for name in ("package.json", "package-lock.json"):
            shutil.copy(SOURCE / name, staging / name)
        subprocess.run(
            [str(npm), "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=staging,
            check=True,
            capture_output=True,
            timeout=300,
        )
        try:
            staging.rename(folder)
        except OSError:  # another test process installed it meanwhile
            shutil.rmtree(staging, ignore_errors=True)
    server = folder / f"server-{os.getpid()}.js"
    shutil.copy(SOURCE / "server.js", server)
    return server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_provider(redirect_uri: str = REDIRECT_URI):
    """A provider process with one client that may redirect to `redirect_uri`."""
    server = installed_provider()
    port = free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URI": redirect_uri,
    }
    process = subprocess.Popen(
        [shutil.which("node") or "node", str(server)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if line.startswith("listening "):
                break
        if not output or not output[-1].startswith("listening "):
            pytest.fail("the OpenID provider did not start:\n" + "".join(output))
        yield RunningProvider(issuer=f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)
        server.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider for Django's test client (redirects to http://testserver)."""
    with running_provider() as provider:
        yield provider


def sign_in_at_provider(authorization_url: str, *, login: str = "") -> str:
    """Follow the provider's redirects (and, without a login hint, its login form) like a
    browser would, up to the redirect back to Hallway; returns that URL."""
    browser = requests.Session()
    url = authorization_url
    for _step in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "<form" in response.text:
            response = browser.post(url, data={"login": login}, allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), (response.status_code, response.text[:500])
        url = urljoin(url, response.headers["Location"])
        if url.startswith(HALLWAY):
            return url
    raise AssertionError("the provider never sent the browser back")
