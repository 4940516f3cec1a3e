"""Shared fixtures: personas alice (admin), bob (member, same org), mallory (other org)."""

import os
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from hypothesis import settings as settings_profiles

from hallway.accounts.models import Role
from tests.factories import (
    make_location,
    make_organisation,
    make_person,
    make_team,
    make_user,
)

# In CI, property tests replay a fixed sequence of examples so a run is reproducible;
# locally they explore new examples on every run.
settings_profiles.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI") == "true":
    settings_profiles.load_profile("ci")


def pytest_collection_modifyitems(config, items):
    """On SQLite, PostgreSQL-only tests are skipped. On PostgreSQL, only the tests that use
    the suite's database run: the others (the pure engine, commands on a SQLite data folder
    of their own, slow process tests marked `database_independent`) gave their answer in the
    SQLite run already and would give the same one again."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if not on_postgres:
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(pytest.mark.skip(reason="needs DATABASE_URL=postgres://…"))
        return
    kept, dropped = [], []
    for item in items:
        independent = "database_independent" in item.keywords or (
            "postgres_only" not in item.keywords and not _uses_database(item)
        )
        (dropped if independent else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _uses_database(item):
    """Whether a test reaches the suite's database: through pytest-django's fixtures (`db`,
    `transactional_db`, `live_server`, anything built on them) or its `django_db` mark."""
    fixtures = getattr(item, "fixturenames", ())
    return "django_db_setup" in fixtures or item.get_closest_marker("django_db") is not None


@pytest.fixture(scope="session", autouse=True)
def _postgres_reachable():
    """Skip a PostgreSQL run when the server is down, except in CI where that is a failure."""
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    params = connection.get_connection_params()
    params["dbname"] = "postgres"  # the test database does not exist yet
    try:
        psycopg.connect(**params, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.exit(f"PostgreSQL is unreachable in CI: {exc}", returncode=1)
        pytest.skip(f"PostgreSQL is unreachable: {exc}")


@pytest.fixture(autouse=True)
def _english_unless_asked(settings):
    """Each test starts in English; one that switches language must not leak it to the next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's many rounds cost about a second per persona; tests need no strong hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_password_reset_padding(settings):
    """Reset answers are padded to a second in production; tests that time them set it."""
    settings.HALLWAY_PASSWORD_RESET_SECONDS = 0


@pytest.fixture
def acme(db):
    return make_organisation("Acme", timezone="Europe/Berlin")


@pytest.fixture
def globex(db):
    return make_organisation("Globex", timezone="America/New_York")


@pytest.fixture
def alice(acme):
    return make_user("alice@acme.test", acme, Role.ADMIN)


@pytest.fixture
def bob(acme):
    return make_user("bob@acme.test", acme, Role.MEMBER)


@pytest.fixture
def mallory(globex):
    return make_user("mallory@globex.test", globex, Role.OWNER)


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def mallory_client(client, mallory):
    client.force_login(mallory)
    return client


@pytest.fixture
def berlin(acme):
    return make_location(acme, "Berlin", country="DE", timezone="Europe/Berlin")


@pytest.fixture
def platform_team(acme):
    return make_team(acme, "Platform", department="Engineering")


@pytest.fixture
def carol(acme, berlin, platform_team):
    """A person in Acme's directory (not a user)."""
    return make_person(
        acme,
        "Carol Meyer",
        email="carol@acme.test",
        team=platform_team,
        location=berlin,
        timezone="Europe/Berlin",
        languages=["de", "en"],
        preferred_language="de",
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free local port that Django's SMTP backend talks to.

    Yields the list of received messages as `email.message.EmailMessage` objects.
    """
    from aiosmtpd.controller import Controller

    received: list[EmailMessage] = []

    class Collector:
        async def handle_DATA(self, server, session, envelope):
            raw = envelope.original_content or envelope.content
            received.append(message_from_bytes(raw, policy=policy.default))
            return "250 Message accepted for delivery"

    for attempt in range(5):  # another process may grab the free port before we bind it
        controller = Controller(Collector(), hostname="127.0.0.1", port=_free_port())
        try:
            controller.start()
            break
        except (OSError, RuntimeError):
            if attempt == 4:
                raise
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield received
    finally:
        controller.stop()


@pytest.fixture
def refusing_smtp_server(smtp_server, settings):
    """An SMTP server that refuses nobody@ for good and busy@ for now."""
    from aiosmtpd.controller import Controller

    received = []

    class Refuser:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("nobody@"):
                return "550 5.1.1 No such user"
            if address.startswith("busy@"):
                return "451 4.3.0 Try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    controller = Controller(Refuser(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_PORT = controller.port
    try:
        yield received
    finally:
        controller.stop()


# API clients with a token of each persona (tests/api/conftest.py has the client itself).
@pytest.fixture
def alice_api(alice, acme):
    from tests.api.conftest import ApiClient, token_for

    return ApiClient(token_for(alice, acme))


@pytest.fixture
def bob_api(bob, acme):
    from tests.api.conftest import ApiClient, token_for

    return ApiClient(token_for(bob, acme))


@pytest.fixture
def mallory_api(mallory, globex):
    from tests.api.conftest import ApiClient, token_for

    return ApiClient(token_for(mallory, globex))
