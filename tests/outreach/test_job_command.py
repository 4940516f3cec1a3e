"""`hallway job …`: the freeze's exact contract, and bad input exits 2 changing nothing."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hallway.outreach.models import Candidacy, Freeze, PersonalMessage, Source, Stage
from tests.factories import make_contact
from tests.outreach.jobs_helpers import MONDAY, make_job, staff_job


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY)


def run(*args):
    out = StringIO()
    call_command("job", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_json(*args):
    return json.loads(run(*args, "--json"))


def refused(*args):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def test_freeze_answers_the_contract(acme, alice):
    job, _people = staff_job(acme, alice)
    answer = run_json(
        "freeze", str(job.pk), "--org", acme.slug, "--until", "2026-12-21",
        "--stages", "applied,screening",
    )  # fmt: skip
    assert answer == {"notified": 3, "follow_up_on": "2026-12-21"}
    assert PersonalMessage.objects.filter(source=Source.FREEZE).count() == 3


def test_freeze_with_a_message_file(acme, alice, tmp_path):
    job, _people = staff_job(acme, alice)
    file = tmp_path / "message.txt"
    file.write_text("Hallo {first_name}, kurze Pause bei {job}.", encoding="utf-8")
    run_json(
        "freeze", str(job.pk), "--org", acme.slug, "--until", "2026-12-21",
        "--stages", "screening", "--message-file", str(file),
    )  # fmt: skip
    assert PersonalMessage.objects.get().body == "Hallo Lena, kurze Pause bei Backend Engineer."


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--until", "21.12.2026", "--stages", "applied"], "YYYY-MM-DD"),
        (["--until", "2026-12-01", "--stages", "applied"], "resume_on"),
        (["--until", "2026-12-21", "--stages", "applied,hired"], "stages"),
        (["--until", "2026-12-21", "--stages", "applied", "--message-file", "/nope"], "/nope"),
    ],
)
def test_bad_freeze_input_exits_2_and_changes_nothing(acme, alice, args, words):
    job, _people = staff_job(acme, alice)
    assert words in refused("freeze", str(job.pk), "--org", acme.slug, *args)
    assert not Freeze.objects.exists()
    assert not PersonalMessage.objects.exists()


def test_another_organisations_job_is_refused(acme, alice, globex):
    job, _people = staff_job(acme, alice)
    assert "No job" in refused(
        "freeze", str(job.pk), "--org", globex.slug, "--until", "2026-12-21", "--stages", "applied"
    )
    assert "No organisation" in refused("list", "--org", "nope")


def test_list_candidates_add_and_stage(acme, alice):
    job, people = staff_job(acme, alice)
    [row] = run_json("list", "--org", acme.slug)
    assert row["id"] == job.pk
    assert row["candidates"] == {"applied": 2, "screening": 1, "interview": 1}
    assert row["frozen_until"] is None
    names = [c["name"] for c in run_json("candidates", str(job.pk), "--org", acme.slug)]
    assert names == ["Emma Clark", "Lena Vogel", "Omar Haddad", "Sanne de Vries"]

    rui = make_contact(acme, "Rui Costa", kind="other")
    added = run_json(
        "add-candidate", str(job.pk), "--org", acme.slug, "--contact", str(rui.pk),
        "--recruiter", alice.email,
    )  # fmt: skip
    assert added["stage"] == Stage.APPLIED
    assert added["recruiter_email"] == alice.email

    moved = run_json(
        "stage", str(people["lena"].pk), "--org", acme.slug, "--stage", "interview", "--notify"
    )
    assert moved["stage"] == "interview"
    assert moved["notified"] is True
    assert PersonalMessage.objects.get(source=Source.STAGE).language == "de"
    assert "stage" in refused("stage", str(people["lena"].pk), "--org", acme.slug, "--stage", "x")
    assert "No contact" in refused(
        "add-candidate", str(job.pk), "--org", acme.slug, "--contact", "999999"
    )
    other_job = make_job(acme, "Designer", company=job.company)
    assert "No candidacy" in refused("stage", "999999", "--org", acme.slug, "--stage", "offer")
    assert Candidacy.objects.filter(order=other_job).count() == 0


def test_a_clients_freeze_tells_the_candidates_of_all_its_live_jobs(acme, alice):
    job, _people = staff_job(acme, alice)
    answer = run_json(
        "freeze-client", str(job.company_id), "--org", acme.slug, "--until", "2026-12-21",
        "--stages", "applied",
    )  # fmt: skip
    assert answer == {"notified": 2, "follow_up_on": "2026-12-21"}
    assert Freeze.objects.get().company_id == job.company_id
    assert "No company 999999" in refused(
        "freeze-client", "999999", "--org", acme.slug, "--until", "2026-12-21",
        "--stages", "applied",
    )  # fmt: skip
