"""Out-of-office ranges: what is refused, with which message, and that it changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.absences.models import OutOfOffice
from hallway.absences.services import out_of_office_add, out_of_office_remove

D = datetime.date


def test_a_range_of_days_away(carol, alice):
    row = out_of_office_add(
        person=carol,
        first_day=D(2026, 8, 3),
        last_day=D(2026, 8, 14),
        note="  Lake   Garda ",
        created_by=alice,
    )
    assert (row.first_day, row.last_day, row.note) == (D(2026, 8, 3), D(2026, 8, 14), "Lake Garda")
    assert (row.organisation_id, row.created_by) == (carol.organisation_id, alice)
    one_day = out_of_office_add(person=carol, first_day=D(2026, 8, 17), last_day=D(2026, 8, 17))
    assert one_day.first_day == one_day.last_day
    out_of_office_remove(out_of_office=row)
    assert list(OutOfOffice.objects.all()) == [one_day]


@pytest.mark.parametrize(
    ("first", "last", "note", "field", "message"),
    [
        (
            D(2026, 8, 14),
            D(2026, 8, 3),
            "",
            "last_day",
            "The last day cannot be before the first day.",
        ),
        (None, D(2026, 8, 3), "", "first_day", "Enter the first day you are away."),
        (D(2026, 8, 3), None, "", "last_day", "Enter the last day you are away."),
        (D(2026, 1, 1), D(2027, 1, 2), "", "last_day", "A range can be at most a year long"),
        (D(2026, 8, 3), D(2026, 8, 4), "x" * 201, "note", "Enter at most 200 characters."),
    ],
)
def test_bad_ranges_are_refused_and_change_nothing(carol, first, last, note, field, message):
    with pytest.raises(ValidationError) as error:
        out_of_office_add(person=carol, first_day=first, last_day=last, note=note)
    assert error.value.message_dict[field][0].startswith(message)
    assert not OutOfOffice.objects.exists()


def test_an_overlap_with_another_range_is_refused(carol, acme, berlin):
    out_of_office_add(person=carol, first_day=D(2026, 8, 3), last_day=D(2026, 8, 14))
    for first, last in [
        (D(2026, 8, 1), D(2026, 8, 3)),
        (D(2026, 8, 14), D(2026, 8, 20)),
        (D(2026, 8, 5), D(2026, 8, 6)),
    ]:
        with pytest.raises(ValidationError) as error:
            out_of_office_add(person=carol, first_day=first, last_day=last)
        assert "overlaps the time away from" in error.value.message_dict["first_day"][0]
    # Right before and right after is fine, and so is someone else at the same time.
    out_of_office_add(person=carol, first_day=D(2026, 7, 27), last_day=D(2026, 8, 2))
    out_of_office_add(person=carol, first_day=D(2026, 8, 15), last_day=D(2026, 8, 16))
    from hallway.people.models import Person

    dave = Person.objects.create(
        organisation=acme, name="Dave", email="dave@acme.test", location=berlin
    )
    out_of_office_add(person=dave, first_day=D(2026, 8, 3), last_day=D(2026, 8, 14))
    assert OutOfOffice.objects.count() == 4


def test_the_database_refuses_a_range_backwards(carol):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OutOfOffice.objects.create(
            organisation_id=carol.organisation_id,
            person=carol,
            first_day=D(2026, 8, 3),
            last_day=D(2026, 8, 1),
        )
