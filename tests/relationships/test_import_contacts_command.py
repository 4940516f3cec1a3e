"""`hallway import-contacts` and `hallway import-orders`."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hallway.relationships.models import Contact, Order
from tests.factories import make_company

FILES = Path(__file__).parent / "files"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_then_import_of_linkedin_connections(acme):
    out, _err = run(
        "import_contacts", str(FILES / "Connections.csv"), "--org", acme.slug, "--dry-run"
    )
    assert "would create 4" in out
    assert "Dry run" in out
    assert not Contact.objects.exists()
    out, _err = run("import_contacts", str(FILES / "Connections.csv"), "--org", acme.slug)
    assert "4 created" in out
    assert Contact.objects.filter(organisation=acme).count() == 4


def test_bad_input_exits_2_listing_every_problem_by_row(acme, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Email,Kind\nAnn,nope,client\nBob,bob@x.test,friend\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_contacts", str(bad), "--org", acme.slug, stdout=out, stderr=err)
    assert failed.value.returncode == 2
    assert "row 2, column Email" in err.getvalue()
    assert "row 3, column Kind" in err.getvalue()
    assert not Contact.objects.exists()


def test_unknown_organisation_and_missing_file_exit_2(acme, tmp_path):
    for args in (
        (str(FILES / "Connections.csv"), "--org", "nowhere"),
        (str(tmp_path / "missing.csv"), "--org", acme.slug),
    ):
        with pytest.raises(CommandError) as failed:
            run("import_contacts", *args)
        assert failed.value.returncode == 2


def test_orders_import_twice_records_once(acme, tmp_path):
    kessler = make_company(acme, "Kessler Logistik")
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "Firma;Titel;Datum;Status\n"
        "kessler logistik;Senior Java developer;01.11.2026;offen\n"
        "Kessler Logistik;Data engineer;2026-11-20;filled\n"
    )
    out, _err = run("import_orders", str(orders), "--org", acme.slug)
    assert "2 orders created" in out
    out, _err = run("import_orders", str(orders), "--org", acme.slug)
    assert "0 orders created, 2 already known" in out
    assert sorted(Order.objects.values_list("title", "status")) == [
        ("Data engineer", "filled"),
        ("Senior Java developer", "open"),
    ]
    kessler.refresh_from_db()
    assert kessler.last_order_on == datetime.date(2026, 11, 20)


def test_orders_of_an_unknown_company_exit_2(acme, tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text("Company,Title,Date\nNobody Inc,X,2026-11-01\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "import_orders", str(orders), "--org", acme.slug, stdout=io.StringIO(), stderr=err
        )
    assert failed.value.returncode == 2
    assert "row 2, column Company" in err.getvalue()
    assert not Order.objects.exists()
