"""`hallway gong`: ring the gong, give kudos, make and list webhooks; bad input exits 2."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hallway.rituals.models import Celebration, GongWebhook, Kudos
from tests.factories import make_person


def run(*args):
    out = StringIO()
    call_command("gong", *args, stdout=out)
    return json.loads(out.getvalue())


def test_post_kudos_and_webhooks(acme, carol):
    make_person(acme, "Dan Ortiz", email="dan@acme.test")
    posted = run("post", "--org", "acme", "--kind", "deal", "--title", "Kessler signed",
                 "--person", "carol@acme.test", "--team", "platform", "--json")  # fmt: skip
    assert Celebration.objects.get(pk=posted["id"]).team == carol.team
    given = run("kudos", "--org", "acme", "--from", "dan@acme.test", "--to", "carol@acme.test",
                "--message", "Thanks!", "--json")  # fmt: skip
    assert given["left_this_month"] == 9
    assert Kudos.objects.get().celebration_id == given["celebration_id"]
    made = run("webhook-create", "--org", "acme", "--name", "ATS", "--json")
    webhook = GongWebhook.objects.get()
    assert made["secret"] == webhook.secret
    assert made["url"].endswith(f"/api/v1/gong/webhook/{webhook.token}")
    listed = run("webhook-list", "--org", "acme", "--json")
    assert listed == [{"id": webhook.pk, "name": "ATS", "enabled": True, "url": made["url"]}]
    assert "secret" not in listed[0]


def test_bad_input_exits_2_and_changes_nothing(acme, carol):
    with pytest.raises(CommandError) as problem:
        run("kudos", "--org", "acme", "--from", "carol@acme.test", "--to", "carol@acme.test",
            "--message", "Me!")  # fmt: skip
    assert problem.value.returncode == 2
    assert "nobody gives them to themselves" in str(problem.value)
    with pytest.raises(CommandError) as bad_mapping:
        run("webhook-create", "--org", "acme", "--name", "ATS", "--mapping", '{"kind": "x"}')
    assert "is not a kind of win" in str(bad_mapping.value)
    assert not Kudos.objects.exists()
    assert not GongWebhook.objects.exists()
