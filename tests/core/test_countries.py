"""Country names in the reader's language, in the order that language files them."""

from django.utils import translation

from hallway.core.collation import alphabetical
from hallway.core.countries import countries_named, country_name


def test_a_country_is_named_in_the_language_asked_or_the_active_one():
    assert country_name("de", "nl") == "Duitsland"
    assert country_name("GB", "en") == "United Kingdom"
    with translation.override("de"):
        assert country_name("NL") == "Niederlande"
    assert country_name("QQ", "de", fallback="Nowhere") == "Nowhere"
    assert country_name("QQ", "de") == "QQ"


def test_names_sort_as_readers_look_them_up():
    assert alphabetical("Österreich") == "osterreich"
    codes = [("AT", "Austria"), ("PK", "Pakistan"), ("NO", "Norway"), ("CY", "Cyprus")]
    assert [code for code, _name in countries_named(codes, "de")] == ["NO", "AT", "PK", "CY"]
