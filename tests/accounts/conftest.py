"""Extra personas for account tests: an owner of acme, and helpers to read sent mail."""

import re

import pytest

from hallway.accounts.models import Role
from tests.factories import make_user


@pytest.fixture
def olga(acme):
    """Owner of acme."""
    return make_user("olga@acme.test", acme, Role.OWNER)


@pytest.fixture
def olga_client(client, olga):
    client.force_login(olga)
    return client


@pytest.fixture
def dave(acme):
    """Organiser in acme."""
    return make_user("dave@acme.test", acme, Role.ORGANISER)


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(message, base_url: str) -> str:
    """The one absolute link into Hallway in a message's text part."""
    links = set(re.findall(re.escape(base_url) + r"/\S+", text_part(message)))
    assert len(links) == 1, links
    return links.pop()
