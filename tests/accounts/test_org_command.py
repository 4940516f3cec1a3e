import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hallway.accounts.models import Membership, Organisation, Role, User
from tests.factories import PASSWORD


def org(*args):
    out = io.StringIO()
    call_command("org", *args, stdout=out)
    return out.getvalue()


def test_create_with_a_new_owner_prints_a_set_password_link(settings, client, db):
    settings.BASE_URL = "https://hallway.example.org"
    output = org(
        "create",
        "initech",
        "--name",
        "Initech",
        "--owner",
        "Peter@Initech.test",
        "--timezone",
        "America/Chicago",
        "--language",
        "de",
    )
    organisation = Organisation.objects.get(slug="initech")
    assert (organisation.name, organisation.timezone, organisation.language) == (
        "Initech",
        "America/Chicago",
        "de",
    )
    owner = User.objects.get(email="peter@initech.test")
    assert not owner.has_usable_password()
    assert Membership.objects.get(organisation=organisation).role == Role.OWNER

    [link] = re.findall(r"https://hallway\.example\.org/\S+", output)
    path = link.removeprefix("https://hallway.example.org")
    form = client.get(path, follow=True)
    assert b"Choose a new password" in form.content
    set_url = form.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    # The link works once.
    assert b"This link no longer works" in client.get(path, follow=True).content


def test_create_with_an_existing_owner_prints_no_link(alice):
    output = org("create", "side", "--name", "Side", "--owner", "alice@acme.test")
    assert "http" not in output
    assert "alice@acme.test" in output
    assert alice.memberships.get(organisation__slug="side").role == Role.OWNER


def test_defaults(db):
    org("create", "plain", "--name", "Plain", "--owner", "o@plain.test")
    organisation = Organisation.objects.get(slug="plain")
    assert (organisation.timezone, organisation.language) == ("Europe/Berlin", "en")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["acme", "--name", "Again", "--owner", "x@y.test"], "The slug “acme” is already taken."),
        (["Not Valid", "--name", "X", "--owner", "x@y.test"], "is not a valid slug"),
        (
            ["ok", "--name", "X", "--owner", "x@y.test", "--timezone", "Mars/Base"],
            "“Mars/Base” is not a known IANA time zone",
        ),
        (["ok", "--name", "X", "--owner", "not-an-email"], "is not a valid email address"),
        (
            ["ok", "--name", "X", "--owner", "x@y.test", "--language", "fr"],
            "not a supported language",
        ),
    ],
)
def test_invalid_input_exits_with_2_and_changes_nothing(acme, args, message):
    with pytest.raises(CommandError) as caught:
        org("create", *args)
    assert caught.value.returncode == 2
    assert message in str(caught.value)
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["acme"]
    assert not User.objects.filter(email="x@y.test").exists()


def test_list_prints_slug_name_and_member_count(acme, globex, alice, bob, mallory):
    lines = org("list").splitlines()
    assert lines[0].split() == ["SLUG", "NAME", "MEMBERS"]
    assert [line.split() for line in lines[1:]] == [
        ["acme", "Acme", "2"],
        ["globex", "Globex", "1"],
    ]
