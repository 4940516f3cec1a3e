"""Security headers on every page: a Content-Security-Policy without inline script, a
Permissions-Policy, and https only (redirect and HSTS) when the base URL is https."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.core.processes import ROOT, hallway_env

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "hallway"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_pages_forbid_inline_and_foreign_script(alice_client):
    response = alice_client.get(reverse("home"))
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_pages_switch_off_the_device_features_they_never_use(client):
    policy = client.get(reverse("accounts:login"))["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy


def test_no_template_carries_inline_script():
    """What the policy forbids must not be in the pages: no <script> without src, no on…=,
    and nothing htmx would have to eval (trigger filters in [...], hx-on, js: values)."""
    offenders = []
    for path in TEMPLATES.rglob("templates/**/*.html"):
        if "/messages/" in str(path):
            continue  # emails and chat messages: no browser runs them as our pages
        text = path.read_text()
        if (
            re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
            or re.search(r"\son[a-z]+\s*=\s*[\"']", text)
            or re.search(r"hx-trigger=\"[^\"]*\[", text)
            or re.search(r"hx-on|hx-vals=[\"']js:", text)
        ):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


@pytest.fixture
def https(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def test_with_an_https_base_url_plain_http_is_redirected(client, https):
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_health_checks_answer_over_plain_http_too(client, https, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_https_answers_carry_hsts(client, https):
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_check_deploy_has_nothing_to_say_with_production_settings(tmp_path):
    env = hallway_env(tmp_path / "data")
    env.update(
        HALLWAY_BASE_URL="https://hallway.example.org",
        HALLWAY_ALLOWED_HOSTS="hallway.example.org",
        HALLWAY_DEBUG="off",
    )
    done = subprocess.run(
        [sys.executable, "-m", "hallway.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
