"""Putting names in the order people look them up in."""

import unicodedata


def alphabetical(text: str) -> str:
    """A sort key that files "Österreich" under O and "Åland" under A, whatever the case
    (the dictionary order of German, Dutch and English alike)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
