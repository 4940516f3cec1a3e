import datetime

import time_machine
from django.utils import timezone

from hallway.people.importing.uploads import people_import_upload, people_imports_prune
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
