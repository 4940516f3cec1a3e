"""note_save, note_delete, detail_save, detail_mark_asked, detail_delete."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallway.relationships.models import Detail, Note, Visibility
from hallway.relationships.services.notes import (
    detail_delete,
    detail_mark_asked,
    detail_save,
    note_delete,
    note_save,
)
from tests.factories import make_company, make_contact


@pytest.fixture
def nina(acme):
    return make_contact(acme, "Nina Vogel", company=make_company(acme, "Brightside GmbH"))


def test_a_note_is_private_unless_chosen_and_only_its_author_changes_it(acme, alice, bob, nina):
    note = note_save(organisation=acme, author=bob, contact=nina, text="  Two kids  ")
    assert (note.text, note.visibility) == ("Two kids", Visibility.PRIVATE)
    note_save(organisation=acme, author=bob, note=note, text="Three kids", visibility="owners")
    assert Note.objects.get().visibility == "owners"
    with pytest.raises(PermissionDenied):
        note_save(organisation=acme, author=alice, note=note, text="Changed")
    with pytest.raises(PermissionDenied):
        note_delete(note=note, by=alice)
    note_delete(note=note, by=bob)
    assert not Note.objects.exists()


def test_notes_refuse_empty_text_and_other_organisations(acme, globex, bob, nina):
    with pytest.raises(ValidationError):
        note_save(organisation=acme, author=bob, contact=nina, text="   ")
    with pytest.raises(ValidationError):
        note_save(organisation=acme, author=bob, text="About nobody")
    with pytest.raises(ValidationError):
        note_save(organisation=globex, author=bob, contact=nina, text="Wrong organisation")
    with pytest.raises(ValidationError):
        note_save(organisation=acme, author=bob, contact=nina, text="x", visibility="everyone")
    assert not Note.objects.exists()


def test_a_detail_with_a_date_is_asked_about(acme, alice, bob, nina):
    detail = detail_save(
        organisation=acme,
        author=bob,
        contact=nina,
        text="Marathon  in Köln",
        due_on=datetime.date(2026, 10, 5),
    )
    assert (detail.text, detail.ask_next_time) == ("Marathon in Köln", True)
    detail_mark_asked(detail=detail, by=alice)
    asked = Detail.objects.get().asked_at
    assert asked is not None
    detail_mark_asked(detail=detail, by=bob)
    assert Detail.objects.get().asked_at == asked  # the first time counts
    with pytest.raises(PermissionDenied):
        detail_delete(detail=detail, by=alice)
    detail_delete(detail=detail, by=bob)
    assert not Detail.objects.exists()
