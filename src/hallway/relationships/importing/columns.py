"""Which column of a contacts file feeds which field, detected from headings in English,
German and Dutch (compared as the people importer compares them: case, accents, spaces and
punctuation do not matter)."""

from functools import cache

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hallway.people.importing.columns import normalise

# key -> (label, the headings that mean it)
CONTACT_FIELDS: dict[str, tuple[StrOrPromise, tuple[str, ...]]] = {
    "name": (_("Name"), ("name", "full name", "vollständiger name", "naam", "volledige naam",
                        "contact", "kontakt")),
    "first_name": (_("First name"), ("first name", "given name", "vorname", "voornaam")),
    "last_name": (_("Last name"), ("last name", "surname", "family name", "nachname",
                                  "familienname", "achternaam")),
    "email": (_("Email"), ("email", "e-mail", "email address", "e-mail-adresse", "emailadresse",
                          "e-mailadres", "mail")),
    "other_emails": (_("Other emails"), ("other emails", "weitere e-mail-adressen",
                                         "andere e-mailadressen")),
    "kind": (_("Kind"), ("kind", "type", "art", "typ", "soort", "contact type", "kontaktart")),
    "company": (_("Company"), ("company", "organisation", "organization", "firma",
                               "unternehmen", "bedrijf", "organisatie", "employer")),
    "job_title": (_("Job title"), ("job title", "title", "position", "positie", "funktion",
                                   "berufsbezeichnung", "functie", "stelle", "role", "rolle")),
    "phone": (_("Phone"), ("phone", "telephone", "phone number", "mobile", "telefon",
                           "telefonnummer", "handy", "mobil", "telefoon", "telefoonnummer",
                           "mobiel")),
    "language": (_("Language"), ("language", "sprache", "taal")),
    "timezone": (_("Time zone"), ("time zone", "timezone", "zeitzone", "tijdzone")),
    "tags": (_("Tags"), ("tags", "labels", "categories", "schlagworte", "schlagwörter",
                         "kategorien", "categorieën", "topics", "themen", "onderwerpen",
                         "interests", "interessen")),
    "owners": (_("Owners"), ("owners", "owner", "owner emails", "verantwortlich",
                             "betreuer", "eigentümer", "eigenaar", "eigenaren")),
    "legal_basis": (_("Legal basis"), ("legal basis", "rechtsgrundlage", "rechtsgrond",
                                       "grondslag")),
    "source": (_("Source"), ("source", "quelle", "herkunft", "bron", "herkomst")),
    "cadence_days": (_("Cadence"), ("cadence", "cadence days", "keep in touch every",
                                    "kontaktrhythmus", "rhythmus", "ritme", "frequentie")),
    "profile_url": (_("Profile"), ("url", "profile", "profile url", "linkedin", "linkedin url",
                                   "profil", "profiel")),
}  # fmt: skip


@cache
def _synonyms() -> dict[str, str]:
    found: dict[str, str] = {}
    for key, (_label, words) in CONTACT_FIELDS.items():
        for word in (key, *words):
            found.setdefault(normalise(word), key)
    return found


def detect_contact_mapping(columns: list[str]) -> dict[str, str]:
    """Source heading -> field key ("" = ignored), the first column of a kind winning."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        key = _synonyms().get(normalise(column), "")
        if key in taken:
            key = ""
        mapping[column] = key
        if key:
            taken.add(key)
    by_key = {key: column for column, key in mapping.items() if key}
    if "first_name" in by_key and "name" in by_key and "last_name" not in by_key:
        # German exports say "Name" and "Vorname": next to a first name, "Name" is the surname.
        mapping[by_key["name"]] = "last_name"
    return mapping


def field_label(key: str) -> str:
    return str(CONTACT_FIELDS[key][0]) if key in CONTACT_FIELDS else key
