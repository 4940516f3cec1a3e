"""`hallway sequences list|enroll|run-due`: JSON answers; bad input exits 2."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hallway.outreach.models import Enrollment
from tests.factories import make_contact
from tests.outreach.seq_helpers import make_sequence, message


def hallway(*args):
    out = StringIO()
    call_command("sequences", *args, stdout=out)
    return out.getvalue()


def test_list_enroll_and_run(acme, alice):
    sequence = make_sequence(acme, "Welcome", steps=[message(), message(wait=3)])
    megan = make_contact(acme, "Megan Brooks", owners=[alice])
    answer = json.loads(
        hallway(
            "enroll", str(sequence.pk), "--org", acme.slug, "--contacts", str(megan.pk), "--json"
        )
    )
    assert answer["entered"] == 1
    assert answer["passed_over"] == []
    again = json.loads(
        hallway(
            "enroll", str(sequence.pk), "--org", acme.slug, "--contacts", str(megan.pk), "--json"
        )
    )
    assert again["passed_over"] == [megan.pk]
    [row] = json.loads(hallway("list", "--org", acme.slug, "--json"))
    assert (row["name"], row["status"], row["active"], row["steps"]) == ("Welcome", "active", 1, 2)
    report = json.loads(hallway("run-due", "--org", acme.slug, "--json"))
    assert report["sequences"] >= 1
    assert "Welcome" in hallway("list", "--org", acme.slug)
    assert Enrollment.objects.get().position == 1


@pytest.mark.parametrize(
    "args",
    [
        ["enroll", "999", "--contacts", "1"],
        ["enroll", "{sequence}", "--contacts", "a,b"],
        ["enroll", "{sequence}", "--contacts", "999999"],
    ],
)
def test_bad_input_exits_2(acme, args):
    sequence = make_sequence(acme, steps=[message()])
    args = [arg.format(sequence=sequence.pk) for arg in args]
    with pytest.raises(CommandError) as caught:
        hallway(*args, "--org", acme.slug)
    assert caught.value.returncode == 2
    assert not Enrollment.objects.exists()
