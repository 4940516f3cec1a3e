import datetime

import time_machine
from django.utils import timezone

from hallway.people.importing.uploads import (
    people_import_run,
    people_import_upload,
    people_imports_prune,
)
from hallway.people.models import PeopleImport


def test_unapplied_uploads_are_deleted_after_a_week(acme, bob):
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC)):
        old = people_import_upload(
            organisation=acme, user=bob, filename="../x/old.csv", content=b"a"
        )
        applied = people_import_upload(
            organisation=acme, user=bob, filename="done.csv", content=b""
        )
        PeopleImport.objects.filter(pk=applied.pk).update(applied_at=timezone.now())
    with time_machine.travel(datetime.datetime(2026, 11, 8, 9, tzinfo=datetime.UTC)):
        fresh = people_import_upload(organisation=acme, user=bob, filename="new.csv", content=b"b")
    assert old.filename == "old.csv"  # no directories from the browser's file name

    now = datetime.datetime(2026, 11, 9, 9, tzinfo=datetime.UTC)
    assert people_imports_prune(now=now) == 1
    assert people_imports_prune(now=now) == 0
    assert set(PeopleImport.objects.values_list("pk", flat=True)) == {applied.pk, fresh.pk}


def test_the_rows_an_import_left_out_are_emptied_after_a_week(acme, bob):
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC)):
        people_import = people_import_upload(
            organisation=acme,
            user=bob,
            filename="p.csv",
            content=b"name,email\nA,a@acme\nB,b@acme.test\n",
        )
        people_import_run(organisation=acme, pk=people_import.pk, skip_bad_rows=True)
    people_import.refresh_from_db()
    assert [row["row"] for row in people_import.rejected_rows["rows"]] == [2]

    people_imports_prune(now=datetime.datetime(2026, 11, 7, 9, tzinfo=datetime.UTC))
    people_import.refresh_from_db()
    assert people_import.rejected_rows  # kept for a week
    people_imports_prune(now=datetime.datetime(2026, 11, 8, 10, tzinfo=datetime.UTC))
    people_import.refresh_from_db()
    assert people_import.rejected_rows == {}
    assert people_import.result["rejected"] == 1  # the count stays
