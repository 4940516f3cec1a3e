"""The fields of a person: the one list the form, imports, exports and the API are made from.

Each `PersonField` says what its value is (its kind, see `people.field_kinds`), its label,
where the person form shows it, which column headings in English, German and Dutch an
import recognises, whether an export writes it, and how the API documents it. Whether a
field is required, how long it may be and which choices it has come from the model.

Adding a field to the directory: the model field and its migration, and one entry in
`SPEC`. A field of a new *relation* kind also needs resolving in `people.services` and
in the importer (as teams, locations, interests and the manager are).

`SPEC` also holds the file columns that are not one field each: first, middle and last
name make up the name, and one working-hours cell holds the start and the end.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeAlias

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise, StrPromise

from hallway.people import cell_values
from hallway.people.field_kinds import (
    Choice,
    Date,
    Email,
    Kind,
    LanguageCodes,
    Manager,
    Mapping,
    NamedRow,
    Tags,
    Text,
    Time,
    TimeZone,
    Weekdays,
    model_column,
)
from hallway.people.models import Location, Person, Team

# A person as plain values, keyed by the keys of `FIELDS` (any subset of them): what
# `people.services` validates and writes, and what forms, imports and the API hand it.
PersonData: TypeAlias = dict[str, Any]


@dataclass(frozen=True)
class Headings:
    """Column headings an import recognises, written as "one|another" per language.

    Compared without regard to case, accents, spaces and punctuation; the field's key and
    its label in every UI language are recognised as well.
    """

    en: str
    de: str = ""
    nl: str = ""

    def words(self) -> tuple[str, ...]:
        spelled = "|".join((self.en, self.de, self.nl))
        return tuple(word.strip() for word in spelled.split("|") if word.strip())


@dataclass(frozen=True)
class FormSection:
    """A group of fields on the person form."""

    legend: StrPromise
    help: StrOrPromise = ""


@dataclass(frozen=True)
class ApiDoc:
    """What the API's OpenAPI schema says about a field."""

    description: str = ""
    input_description: str = ""  # when creating or changing says more than reading
    examples: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Column:
    """A column of people files: how an import recognises and reads it, how an export writes it."""

    key: str  # what the column is mapped to in an import
    label: StrPromise  # the heading an export writes
    headings: Headings
    parse: Callable[[Any], Any]  # a non-empty cell -> the value (a tuple when `fills` several)
    fills: tuple[str, ...]  # the person fields its cells give values to
    cell: Callable[[PersonData], str] | None = None  # None: imported, never exported
    example: str = ""  # the cell in the example row of the file template

    @property
    def exported(self) -> bool:
        return self.cell is not None


@dataclass(frozen=True)
class PersonField:
    """One field of a person and everything that shows it."""

    key: str  # the model field and the `PersonData` key
    label: StrPromise
    kind: Kind
    section: FormSection | None  # None: not on the person form
    help: StrOrPromise = ""  # help text on the form
    headings: Headings | None = None  # None: not in people files
    column_label: StrPromise | None = None  # the file's heading when it is not `label`
    exported: bool = True  # False: an export writes it in another column
    example: str = ""  # its cell in the example row of the file template
    api: ApiDoc = ApiDoc()
    error_code: str = ""  # an import's code when the rules reject it (default: the kind's)
    reported_in: tuple[str, ...] = ()  # columns that show its problems when it has none

    @cached_property
    def model_field(self) -> "models.Field[Any, Any]":
        return model_column(Person, self.key)

    @property
    def required_in_form(self) -> bool:
        return not self.model_field.blank

    @property
    def required(self) -> bool:
        """Needed to create a person: not optional, and the model has no default for it."""
        return not self.model_field.blank and not self.model_field.has_default()

    @property
    def optional(self) -> bool:
        return bool(self.model_field.blank)

    @property
    def import_error_code(self) -> str:
        return self.error_code or self.kind.error_code

    @cached_property
    def column(self) -> Column | None:
        if self.headings is None:
            return None
        key, kind = self.key, self.kind
        return Column(
            key=key,
            label=self.column_label or self.label,
            headings=self.headings,
            parse=kind.parse,
            fills=(key,),
            cell=(lambda data: kind.cell(data[key])) if self.exported else None,
            example=self.example,
        )


WHO = FormSection(_("Who"))
TEAM_AND_PLACE = FormSection(_("Team and place"))
WORKING_HOURS = FormSection(_("Working hours"), _("In the person's own time zone."))
LANGUAGES_AND_CHAT = FormSection(_("Languages, interests and chat"))
STATUS = FormSection(_("Status"))
FORM_SECTIONS = (WHO, TEAM_AND_PLACE, WORKING_HOURS, LANGUAGES_AND_CHAT, STATUS)


def _working_hours_cell(data: PersonData) -> str:
    return f"{data['work_start']:%H:%M}-{data['work_end']:%H:%M}"


# In the order of the API's fields, export columns and the import's column choices. A
# heading belongs to one column only (tests/people/test_fields.py checks).
SPEC: tuple[PersonField | Column, ...] = (
    PersonField(
        "name", _("Name"), Text(), WHO,
        headings=Headings(
            en="name|full name|display name|employee|employee name|person",
            de="vollständiger name|anzeigename|mitarbeiter|mitarbeiterin",
            nl="naam|volledige naam|weergavenaam|medewerker",
        ),
        example="Anna Schmidt",
        api=ApiDoc(examples=("Anna Schmidt",)),
    ),
    Column(
        "first_name", _("First name"),
        Headings(
            en="first name|firstname|given name|forename",
            de="vorname|rufname",
            nl="voornaam|roepnaam",
        ),
        parse=cell_values.text, fills=("name",),
    ),
    Column(
        "middle_name", _("Name infix"),
        Headings(en="middle name|infix", nl="tussenvoegsel|tussenvoegsels|voorvoegsel"),
        parse=cell_values.text, fills=("name",),
    ),
    Column(
        "last_name", _("Last name"),
        Headings(
            en="last name|lastname|surname|family name",
            de="familienname|nachname",
            nl="achternaam|familienaam|geslachtsnaam",
        ),
        parse=cell_values.text, fills=("name",),
    ),
    PersonField(
        "email", _("Email address"), Email(), WHO,
        headings=Headings(
            en="email|e-mail|e mail|mail|email address|e-mail address|work email|"
            "business email|email work",
            de="emailadresse|e-mail-adresse|mailadresse|dienstliche e-mail|geschäftliche e-mail",
            nl="e-mailadres|emailadres|mailadres|zakelijk e-mailadres",
        ),
        column_label=_("Email"),
        example="anna.schmidt@example.com",
        api=ApiDoc(examples=("anna.schmidt@fernweh.test",)),
    ),
    PersonField(
        "team", _("Team"), NamedRow(Team, datalist="team-options"), TEAM_AND_PLACE,
        help=_("Choose an existing team or type the name of a new one."),
        headings=Headings(en="team|team name|squad"),
        example="Platform",
        api=ApiDoc(input_description="Team name; created if new."),
    ),
    PersonField(
        "department", _("Department"), Text(), TEAM_AND_PLACE,
        headings=Headings(
            en="department|dept|division",
            de="abteilung|bereich|fachbereich",
            nl="afdeling|divisie",
        ),
        example="Engineering",
    ),
    PersonField(
        "location", _("Location"), NamedRow(Location, datalist="location-options"),
        TEAM_AND_PLACE,
        help=_("Choose an existing location or type the name of a new one."),
        headings=Headings(
            en="location|office|site|city|work location",
            de="standort|büro|buero|arbeitsort|dienstort|niederlassung",
            nl="locatie|vestiging|kantoor|werklocatie|werkplek",
        ),
        example="Berlin",
        api=ApiDoc(input_description="Location name; created if new."),
    ),
    PersonField(
        "job_title", _("Job title"), Text(), WHO,
        headings=Headings(
            en="job title|title|role|position|job|function",
            de="jobtitel|stellenbezeichnung|funktion|berufsbezeichnung|rolle",
            nl="functie|functietitel|functienaam|rol",
        ),
        example="Backend developer",
    ),
    PersonField(
        "timezone", _("Time zone"), TimeZone(), TEAM_AND_PLACE,
        help=_("An IANA time zone such as Europe/Berlin or America/Sao_Paulo."),
        headings=Headings(en="timezone|time zone|tz|iana time zone", de="zeitzone", nl="tijdzone"),
        example="Europe/Berlin",
        api=ApiDoc(description="IANA time zone, e.g. Europe/Berlin.", examples=("Europe/Berlin",)),
    ),
    Column(
        "working_hours", _("Working hours"),
        Headings(
            en="working hours|work hours|hours|office hours",
            de="arbeitszeit|arbeitszeiten|kernarbeitszeit",
            nl="werktijd|werktijden|werkuren|kantooruren",
        ),
        parse=cell_values.working_hours, fills=("work_start", "work_end"),
        cell=_working_hours_cell, example="09:00-17:30",
    ),
    PersonField(
        "work_start", _("Working hours start"), Time(), WORKING_HOURS,
        headings=Headings(
            en="work start|start time|starts at|day starts",
            de="arbeitsbeginn|dienstbeginn|beginn|arbeitszeit von|arbeitszeit beginn",
            nl="begintijd|starttijd|werktijd van|aanvang",
        ),
        exported=False,
        api=ApiDoc(
            description="Start of working hours, HH:MM in `timezone`.", examples=("09:00",)
        ),
        error_code="invalid_working_hours",
    ),
    PersonField(
        "work_end", _("Working hours end"), Time(), WORKING_HOURS,
        headings=Headings(
            en="work end|end time|ends at|day ends",
            de="arbeitsende|dienstende|feierabend|arbeitszeit bis|arbeitszeit ende",
            nl="eindtijd|werktijd tot",
        ),
        exported=False,
        api=ApiDoc(description="End of working hours, HH:MM in `timezone`.", examples=("17:30",)),
        error_code="invalid_working_hours",
    ),
    PersonField(
        "working_days", _("Working days"), Weekdays(), WORKING_HOURS,
        headings=Headings(
            en="working days|work days|workdays|days|weekdays",
            de="arbeitstage|werktage|wochentage",
            nl="werkdagen|dagen",
        ),
        example="Mon-Fri",
        api=ApiDoc(
            description="ISO weekdays, 1 = Monday … 7 = Sunday.", examples=([1, 2, 3, 4, 5],)
        ),
    ),
    PersonField(
        "languages", _("Languages"), LanguageCodes(), LANGUAGES_AND_CHAT,
        help=_("Two-letter codes separated by commas, for example de, en, pt."),
        headings=Headings(
            en="languages|language skills|spoken languages|speaks",
            de="sprachen|sprachkenntnisse",
            nl="talen|talenkennis|spreekt",
        ),
        example="de, en",
        api=ApiDoc(description="ISO 639-1 codes of languages spoken.", examples=(["de", "en"],)),
    ),
    PersonField(
        "interests", _("Interests"), Tags(), LANGUAGES_AND_CHAT,
        help=_("Separated by commas, for example climbing, sourdough."),
        headings=Headings(
            en="interests|interest|tags|hobbies|hobby|topics",
            de="interessen|interesse|hobbys|themen",
            nl="interesses|hobby's|onderwerpen",
        ),
        example="climbing, sourdough",
        api=ApiDoc(input_description="Tag names; created if new."),
    ),
    PersonField(
        "manager", _("Manager"), Manager(), TEAM_AND_PLACE,
        headings=Headings(
            en="manager|manager email|manager e-mail|line manager|reports to|supervisor|"
            "team lead",
            de="vorgesetzte|vorgesetzter|vorgesetzte(r)|führungskraft|fuehrungskraft|"
            "e-mail vorgesetzte|e-mail vorgesetzter|e-mail der führungskraft|"
            "e-mail führungskraft",
            nl="leidinggevende|e-mail leidinggevende|manager e-mailadres",
        ),
        column_label=_("Manager email"),
        api=ApiDoc(
            description="The manager's email address.",
            input_description="Email of a person in the organisation.",
        ),
    ),
    PersonField(
        "start_date", _("Start date"), Date(), TEAM_AND_PLACE,
        headings=Headings(
            en="start date|start|hire date|joined|joining date|first day",
            de="eintrittsdatum|eintritt|startdatum|beginndatum|erster arbeitstag",
            nl="startdatum|in dienst|in dienst sinds|datum in dienst|indiensttreding",
        ),
        example="2026-12-01",
    ),
    PersonField(
        "preferred_language", _("Message language"),
        Choice(cell_values.message_language, error_code="invalid_message_language"),
        LANGUAGES_AND_CHAT,
        headings=Headings(
            en="language|message language|preferred language|locale",
            de="sprache|bevorzugte sprache|nachrichtensprache|korrespondenzsprache",
            nl="taal|voorkeurstaal|berichttaal",
        ),
        example="de",
        api=ApiDoc(description="Language of messages sent."),
    ),
    PersonField(
        "slack_id", _("Slack member ID"), Text(), LANGUAGES_AND_CHAT,
        help=_("For example U01AB2CD3EF, from the person's Slack profile."),
        headings=Headings(
            en="slack id|slack|slack member id|slack user id",
            de="slack-kennung|slack-mitglieds-id",
            nl="slack-lid-id",
        ),
    ),
    PersonField(
        "chat_ids", _("Other chat IDs"), Mapping(), None,
        api=ApiDoc(examples=({"teams": "29:1a2b"},)),
    ),
    PersonField(
        "status", _("Status"), Choice(cell_values.status, error_code="invalid_status"), STATUS,
        headings=Headings(
            en="status|state|employment status", de="beschäftigungsstatus", nl="dienstverband"
        ),
        example="active",
    ),
    PersonField(
        "paused_until", _("Paused until"), Date(), STATUS,
        help=_("Needed when the status is paused."),
        headings=Headings(
            en="paused until|pause until|back on|returns on",
            de="pausiert bis|zurück am",
            nl="gepauzeerd tot|terug op",
        ),
        error_code="required",
        reported_in=("status",),
    ),
    PersonField(
        "left_on", _("Left on"), Date(), STATUS,
        help=_("When the status is left; today if empty."),
        headings=Headings(
            en="left on|leaving date|exit date|end date",
            de="austrittsdatum|austritt|ausgeschieden am",
            nl="uit dienst|datum uit dienst|uitdienstdatum|einddatum",
        ),
        reported_in=("status",),
    ),
)  # fmt: skip

FIELDS: tuple[PersonField, ...] = tuple(e for e in SPEC if isinstance(e, PersonField))
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
# Kept as is in the person's row; the others are relations, given by name or email.
STORED_KEYS = tuple(f.key for f in FIELDS if f.kind.stored)
FORM_FIELDS = tuple(f for f in FIELDS if f.section is not None)

COLUMNS: tuple[Column, ...] = tuple(
    column
    for column in (e if isinstance(e, Column) else e.column for e in SPEC)
    if column is not None
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
EXPORTED_COLUMNS = tuple(column for column in COLUMNS if column.exported)
# Columns that together make up one field, joined with spaces (first, middle, last name).
NAME_PARTS = tuple(c.key for c in COLUMNS if c.fills == ("name",) and c.key != "name")
