"""Upgrading a database that has coffee's holidays: they move to absences, data and all.

Runs on whichever database the suite uses (SQLite, or PostgreSQL with DATABASE_URL)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("coffee", "0003_onboarding_moves_out"),
    ("people", "0001_initial"),
    ("absences", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_coffees_holidays_move_to_absences_with_their_data():
    old = _migrate(BEFORE)
    Organisation = old.get_model("accounts", "Organisation")
    Location = old.get_model("people", "Location")
    OldHoliday = old.get_model("coffee", "Holiday")
    acme = Organisation.objects.create(name="Acme", slug="acme-upgrade", timezone="Europe/Berlin")
    koeln = Location.objects.create(organisation=acme, name="Köln", country="DE")
    everywhere = OldHoliday.objects.create(
        organisation=acme, date=datetime.date(2026, 10, 3), name="Einheit"
    )
    local = OldHoliday.objects.create(
        organisation=acme, date=datetime.date(2026, 11, 11), name="Karneval", location=koeln
    )

    executor = MigrationExecutor(connection)
    new = _migrate(executor.loader.graph.leaf_nodes())
    Holiday = new.get_model("absences", "Holiday")
    rows = {row.pk: row for row in Holiday.objects.all()}
    assert set(rows) == {everywhere.pk, local.pk}
    assert (rows[everywhere.pk].name, rows[everywhere.pk].location_id) == ("Einheit", None)
    assert (rows[local.pk].name, rows[local.pk].location_id) == ("Karneval", koeln.pk)
    assert (rows[local.pk].names, rows[local.pk].region) == ({}, "")
    assert new.get_model("people", "Location").objects.get(pk=koeln.pk).subdivision == ""
    tables = connection.introspection.table_names()
    assert "absences_holiday" in tables
    assert "coffee_holiday" not in tables
    # New rows get new ids after the moved ones (the id sequence moved with the table).
    added = Holiday.objects.create(
        organisation_id=acme.pk, date=datetime.date(2026, 12, 24), name="Eve"
    )
    assert added.pk > max(rows)
