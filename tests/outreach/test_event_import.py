"""Inbound events from a CSV file: previewed with every row's problem and nothing written,
then applied all or nothing through the handlers the webhook uses (a fake one here, so
the test does not depend on the real events' code)."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from hallway.messaging import inbound
from hallway.messaging.inbound import InboundEvent, inbound_event_register
from hallway.outreach.services.event_import import (
    MAX_BYTES,
    EventFileError,
    event_import_apply,
    event_import_preview,
)
from hallway.relationships.models import Company

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
FAKE = "test.job_opened"


def job_opened(organisation, payload, now):
    job = payload.get("job") or {}
    if not job.get("title"):
        raise ValidationError({"job.title": "A job needs a title."})
    company = Company.objects.create(organisation=organisation, name=job.get("company", "?"))
    return f"{job['title']} at {company.name} ({payload['candidate']['email']})"


@pytest.fixture(autouse=True)
def fake_event():
    inbound_event_register(InboundEvent(FAKE, job_opened, example={"event": FAKE}))
    yield
    inbound._events.pop(FAKE, None)


GOOD = (
    "event;job.title;job.company;candidate.name;candidate.email\n"
    f"{FAKE};Backend Engineer;Lakeshore;Megan Brooks;megan@client.test\n"
    "\n"
    f"{FAKE};Designer;Brightside;Tom;tom@client.test\n"
).encode()


def test_a_good_file_is_previewed_without_writing_then_applied(acme):
    preview = event_import_preview(organisation=acme, content=GOOD, now=NOW)
    assert not preview.problems
    assert [row.number for row in preview.rows] == [2, 4]  # the empty line is skipped
    assert preview.rows[0].payload == {
        "event": FAKE,
        "job": {"title": "Backend Engineer", "company": "Lakeshore"},
        "candidate": {"name": "Megan Brooks", "email": "megan@client.test"},
    }
    assert preview.rows[0].note == "Backend Engineer at Lakeshore (megan@client.test)"
    assert (
        event_import_preview(
            organisation=acme,
            content=f"event;job.title;candidate.email;notify\n{FAKE};X;a@b.test;TRUE\n".encode(),
            now=NOW,
        )
        .rows[0]
        .payload["notify"]
        is True
    )
    assert not Company.objects.exists()  # nothing written
    applied = event_import_apply(organisation=acme, content=GOOD, now=NOW)
    assert applied.applied
    assert sorted(Company.objects.values_list("name", flat=True)) == ["Brightside", "Lakeshore"]


def test_commas_and_a_bom_are_read_too(acme):
    content = "\ufeffevent,job.title,job.company,candidate.email\n".encode() + (
        f'{FAKE},"Engineer, Backend",Lakeshore,megan@client.test\n'.encode()
    )
    result = event_import_apply(organisation=acme, content=content, now=NOW)
    assert result.applied
    assert result.rows[0].payload["job"]["title"] == "Engineer, Backend"


def test_one_bad_row_writes_nothing_and_every_problem_has_its_row(acme):
    content = (
        GOOD
        + (
            f"{FAKE};;Nowhere;Ann;ann@client.test\n"
            "hiring.paused;x;y;z;z@client.test\n"
            ";x;y;z;z@client.test\n"
        ).encode()
    )
    result = event_import_apply(organisation=acme, content=content, now=NOW)
    assert not result.applied
    problems = {row.number: row.problem for row in result.problems}
    assert sorted(problems) == [5, 6, 7]
    assert "job.title" in problems[5]
    assert "Unknown event “hiring.paused”" in problems[6]
    assert FAKE in problems[6]  # the known events are named
    assert "No event" in problems[7]
    assert not Company.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"PK\x03\x04\x00\x00binary", "not a CSV file"),
        ("event;name\nx;Müller\n".encode("latin-1"), "not UTF-8"),
        (b"name;email\nMegan;megan@client.test\n", "no “event” column"),
        (b"event;job;job.title\nx;y;z\n", "cannot both be given"),
        (b"event\n", "no events"),
        (b"x" * (MAX_BYTES + 1), "larger than 5 MB"),
    ],
)
def test_a_bad_file_gets_a_clear_error(acme, content, expected):
    with pytest.raises(EventFileError) as caught:
        event_import_preview(organisation=acme, content=content, now=NOW)
    assert expected in " ".join(caught.value.messages)


def test_the_command_previews_applies_and_exits_2_on_problems(acme, tmp_path, capsys):
    good = tmp_path / "events.csv"
    good.write_bytes(GOOD)
    call_command("outreach_import", str(good), "--org", acme.slug, "--json")
    answer = json.loads(capsys.readouterr().out)
    assert (answer["applied"], answer["rows"], answer["problems"]) == (False, 2, [])
    assert not Company.objects.exists()
    call_command("outreach_import", str(good), "--org", acme.slug, "--apply", "--json")
    assert json.loads(capsys.readouterr().out)["applied"] is True
    assert Company.objects.count() == 2

    bad = tmp_path / "bad.csv"
    bad.write_bytes(f"event;job.title\n{FAKE};\n".encode())
    with pytest.raises(CommandError) as caught:
        call_command("outreach_import", str(bad), "--org", acme.slug, "--apply")
    assert caught.value.returncode == 2
    assert "Row 2" in capsys.readouterr().err
    assert Company.objects.count() == 2

    latin = tmp_path / "latin.csv"
    latin.write_bytes("event;name\nx;Müller\n".encode("latin-1"))
    with pytest.raises(CommandError) as caught:
        call_command("outreach_import", str(latin), "--org", acme.slug)
    assert caught.value.returncode == 2
    assert "UTF-8" in str(caught.value)


def flat(payload, prefix=""):
    """A webhook payload as the CSV's dotted columns."""
    cells = {}
    for key, value in payload.items():
        if isinstance(value, dict):
            cells.update(flat(value, f"{prefix}{key}."))
        else:
            cells[f"{prefix}{key}"] = str(value).lower() if isinstance(value, bool) else str(value)
    return cells


ATS_EVENTS = ("order.created", "candidate.stage_changed", "placement.started", "placement.ended")


def test_the_real_events_from_their_webhook_examples(acme):
    """Each ATS event outreach registers, from its documented webhook example turned into
    a CSV row."""
    events = {event.name: event for event in inbound.inbound_events()}
    present = [name for name in ATS_EVENTS if name in events]
    assert present == list(ATS_EVENTS)
    rows = [flat(events[name].example) for name in present]
    columns = list(dict.fromkeys(column for row in rows for column in row))
    lines = [";".join(columns)] + [";".join(row.get(c, "") for c in columns) for row in rows]
    content = ("\n".join(lines) + "\n").encode()
    preview = event_import_preview(organisation=acme, content=content, now=NOW)
    assert [(row.event, row.problem) for row in preview.rows] == [(name, "") for name in present]
    assert not Company.objects.exists()
    assert event_import_apply(organisation=acme, content=content, now=NOW).applied
    assert Company.objects.exists()
