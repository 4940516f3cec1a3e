"""`people.fields` is the one list of a person's fields: the model, the form, people files and
the API all have exactly its fields, so adding one means adding its entry there."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from hallway.api.people_schemas import PersonCreate, PersonOut, PersonPatch
from hallway.people.exporting import people_template_csv
from hallway.people.fields import COLUMNS, EXPORTED_COLUMNS, FIELDS, FIELDS_BY_KEY, SPEC
from hallway.people.forms import PersonForm
from hallway.people.importing import field_choices
from hallway.people.importing.columns import detect_mapping, normalise
from hallway.people.models import Person
from hallway.people.services import person_as_data, person_create

# What the system keeps about a person rather than what people fill in.
BOOKKEEPING = {"id", "organisation", "user", "created_at", "updated_at"}
KEYS = [field.key for field in FIELDS]


def person_model_fields() -> set[str]:
    return {
        field.name
        for field in Person._meta.get_fields()
        if (field.concrete or field.many_to_many) and not field.auto_created
    } - BOOKKEEPING


def missing_from_the_spec(model_fields: set[str]) -> set[str]:
    return model_fields - set(FIELDS_BY_KEY)


def test_every_field_of_the_person_model_is_in_the_spec():
    assert missing_from_the_spec(person_model_fields()) == set()
    assert set(KEYS) <= person_model_fields()  # and the spec names no field the model lacks


def test_a_model_field_left_out_of_the_spec_is_found():
    assert missing_from_the_spec(person_model_fields() | {"pronouns"}) == {"pronouns"}


def test_keys_are_unique():
    keys = [entry.key for entry in SPEC]
    assert len(keys) == len(set(keys))


def test_the_person_form_has_every_field_with_a_section(acme):
    form = PersonForm(organisation=acme)
    assert list(form.fields) == [field.key for field in FIELDS if field.section]
    shown = [bound.name for _section, fields in form.sections() for bound in fields]
    assert sorted(shown) == sorted(form.fields)
    assert [field.key for field in FIELDS if not field.section] == ["chat_ids"]


def test_the_form_page_shows_every_form_field(olivia_client):
    page = olivia_client.get(reverse("people:create")).content.decode()
    for field in FIELDS:
        if field.section:
            assert f'name="{field.key}"' in page, field.key


def test_every_heading_in_every_language_finds_its_column():
    for column in COLUMNS:
        for heading in (column.key, *column.headings.words()):
            assert detect_mapping([heading]) == {heading: column.key}, heading


def test_no_heading_belongs_to_two_columns():
    owners: dict[str, str] = {}
    for column in COLUMNS:
        for heading in (column.key, *column.headings.words()):
            assert owners.setdefault(normalise(heading), column.key) == column.key, heading


def test_files_have_a_column_for_every_field_with_headings():
    from_fields = [column.key for column in COLUMNS if column.key in FIELDS_BY_KEY]
    assert from_fields == [field.key for field in FIELDS if field.headings]
    assert [key for key, _label in field_choices()] == [column.key for column in COLUMNS]


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_the_export_header_is_every_exported_column(language):
    with translation.override(language):
        header = next(csv.reader(io.StringIO(people_template_csv().decode("utf-8-sig"))))
        assert header == [str(column.label) for column in EXPORTED_COLUMNS]
    assert detect_mapping(header) == {
        heading: column.key for heading, column in zip(header, EXPORTED_COLUMNS, strict=True)
    }


def test_an_export_writes_every_field_that_files_carry():
    written = {key for column in EXPORTED_COLUMNS for key in column.fills}
    assert written == {field.key for field in FIELDS if field.headings}


def test_the_api_schemas_have_every_field():
    assert list(PersonOut.model_fields) == ["id", *KEYS, "created_at", "updated_at"]
    assert list(PersonPatch.model_fields) == KEYS
    assert list(PersonCreate.model_fields) == KEYS
    required = [key for key, info in PersonCreate.model_fields.items() if info.is_required()]
    assert required == [field.key for field in FIELDS if field.required] == ["name", "email"]


def test_the_openapi_document_shows_every_field(client, db):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("PersonOut", "PersonPatch", "PersonCreate"):
        assert set(KEYS) <= set(schemas[name]["properties"]), name


def test_person_data_has_every_field(acme, carol):
    assert list(person_as_data(carol)) == KEYS


def test_a_key_that_is_no_field_is_a_mistake_of_the_caller(acme):
    with pytest.raises(ValueError, match="shoe_size"):
        person_create(organisation=acme, data={"name": "A", "email": "a@x.test", "shoe_size": 4})
    assert not Person.objects.filter(email="a@x.test").exists()
