"""`hallway token create|revoke|list`."""

import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from hallway.accounts.models import ApiToken
from hallway.accounts.tokens import token_authenticate, token_create


def hallway(*args):
    """Run like the `hallway` console script does: real argv parsing, stdout, stderr, exit code."""
    execute_from_command_line(["hallway", *args])


# run_from_argv closes the database connections, which the default test transaction
# would not survive; these tests therefore run outside one.
@pytest.mark.django_db(transaction=True)
def test_create_prints_only_the_token(alice, acme, capsys):
    hallway("token", "create", "--org", "acme", "--user", "ALICE@acme.test", "--name", "HR sync")
    out, err = capsys.readouterr()
    raw = out.strip()
    assert out == raw + "\n"
    assert err == ""
    token = token_authenticate(raw)
    assert token is not None
    assert token.user == alice
    assert token.organisation == acme
    assert token.name == "HR sync"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nope", "--user", "alice@acme.test"], "No organisation has the slug nope."),
        (["--org", "acme", "--user", "ghost@acme.test"], "No user has the email address ghost"),
        (
            ["--org", "acme", "--user", "mallory@globex.test"],
            "mallory@globex.test is not a member of the organisation acme.",
        ),
    ],
)
def test_create_refuses_with_exit_code_2(alice, acme, mallory, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        hallway("token", "create", *args)
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2
    assert out == ""
    assert message in err
    assert not ApiToken.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_create_needs_org_and_user(capsys):
    with pytest.raises(SystemExit) as exit_info:
        hallway("token", "create", "--org", "acme")
    assert exit_info.value.code == 2
    assert "--user" in capsys.readouterr().err


def test_revoke_by_hint(alice, acme):
    token, raw = token_create(organisation=acme, user=alice)
    out = io.StringIO()
    call_command("token", "revoke", token.hint, "--org", "acme", stdout=out)
    assert token.hint in out.getvalue()
    assert token_authenticate(raw) is None


def test_revoke_by_id(alice, acme):
    token, raw = token_create(organisation=acme, user=alice)
    call_command("token", "revoke", str(token.pk), "--org", "acme", stdout=io.StringIO())
    assert token_authenticate(raw) is None


def test_revoke_only_within_the_organisation(alice, acme, mallory, globex):
    token, raw = token_create(organisation=acme, user=alice)
    with pytest.raises(CommandError) as error:
        call_command("token", "revoke", str(token.pk), "--org", "globex")
    assert error.value.returncode == 2
    assert token_authenticate(raw) is not None


def test_list(alice, bob, acme, mallory, globex):
    token_create(organisation=acme, user=alice, name="HR sync")
    revoked, _raw = token_create(organisation=acme, user=bob)
    call_command("token", "revoke", str(revoked.pk), "--org", "acme", stdout=io.StringIO())
    token_create(organisation=globex, user=mallory)
    out = io.StringIO()
    call_command("token", "list", "--org", "acme", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert "alice@acme.test" in lines[1]
    assert "HR sync" in lines[1]
    assert "active" in lines[1]
    assert "bob@acme.test" in lines[2]
    assert "revoked" in lines[2]
    assert "mallory" not in out.getvalue()
