"""`hallway placement list|record|end|feedback`: JSON out, bad input exits 2."""

import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from hallway.outreach.models import Placement
from tests.outreach.care_helpers import NOW, client_of, contractor_of
from tests.outreach.test_care_feedback import rate


def run_json(*args):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("placement", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def refused(*args):
    with pytest.raises(CommandError) as caught, time_machine.travel(NOW, tick=False):
        call_command("placement", *args, stdout=StringIO())
    assert caught.value.returncode == 2
    return str(caught.value)


def test_record_list_end_and_feedback(acme, alice):
    contractor = contractor_of(acme)
    company = client_of(acme)
    recorded = run_json(
        "record",
        "--org",
        acme.slug,
        "--contractor-email",
        contractor.email.upper(),
        "--client-id",
        str(company.pk),
        "--start",
        "2026-10-01",
        "--end",
        "2027-03-31",
        "--owner-email",
        alice.email,
    )
    assert recorded["client"] == {"id": company.pk, "name": "Brightside GmbH"}
    assert recorded["next_check_in"] == "2026-10-31"
    assert [row["id"] for row in run_json("list", "--org", acme.slug)] == [recorded["id"]]
    ended = run_json("end", str(recorded["id"]), "--org", acme.slug, "--on", "2026-11-30")
    assert ended["status"] == "ended"
    rate(acme, company, 5)
    report = run_json("feedback", "--org", acme.slug, "--client-id", str(company.pk))
    (q3,) = [q for q in report["quarters"] if q["quarter"] == "2026-Q3"]
    assert (report["k"], q3["shown"], q3["average"]) == (5, True, 3.0)


def test_bad_input_exits_2_and_records_nothing(acme, alice):
    company = client_of(acme)
    message = refused(
        "record",
        "--org",
        acme.slug,
        "--contractor-email",
        "nobody@example.com",
        "--client-id",
        str(company.pk),
        "--start",
        "2026-13-01",
    )
    assert "contractor_email:" in message
    assert "start:" in message  # every problem at once
    assert not Placement.objects.exists()
