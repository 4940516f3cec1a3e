"""Country names in the reader's language (from CLDR through Babel), and an order for them.

Codes are ISO 3166-1 alpha-2 ("DE"); what is stored and sent to machines is always the code.
"""

from collections.abc import Iterable

from babel import Locale

from hallway.core.collation import alphabetical
from hallway.core.dates import babel_locale


def country_name(code: str, language: str | None = None, *, fallback: str = "") -> str:
    """ "Deutschland" for "DE" in German (default: the active language); `fallback`, else
    the code, when CLDR has no name for it."""
    names = Locale.parse(babel_locale(language)).territories
    return str(names.get(code.upper()) or fallback or code.upper())


def countries_named(
    codes: Iterable[tuple[str, str]], language: str | None = None
) -> list[tuple[str, str]]:
    """(code, name in `language`) for each (code, English fallback name), in the order of
    the names as that language's readers look them up."""
    named = [(code, country_name(code, language, fallback=english)) for code, english in codes]
    return sorted(named, key=lambda item: (alphabetical(item[1]), item[0]))
