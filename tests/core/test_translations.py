"""German and Dutch are complete, compiled, and what the pages actually show."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "src" / "hallway" / "locale"
LANGUAGES = ["de", "nl"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    po = catalog(language)
    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not missing, f"{len(missing)} untranslated in {language}, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    wrong = []
    for entry in catalog(language).translated_entries():
        # A plural entry's forms may use what either English form uses ("One win" has no
        # count, "%(count)s wins" has), and a form may drop the count ("one person").
        expected = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = set(PLACEHOLDER.findall(text))
            if found != expected and not (entry.msgid_plural and found < expected):
                wrong.append((entry.msgid, text))
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_source(language):
    po = catalog(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    stale = [
        e.msgid
        for e in po.translated_entries()
        if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr, e.msgstr_plural)
        and compiled.get((e.msgctxt, e.msgid), ("", {}))[0] != e.msgstr
    ]
    assert not stale, f"run `make messages` to recompile; stale: {stale[:5]}"


class VisibleText(HTMLParser):
    """The text a reader sees, plus labels that assistive technology reads out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        for name, value in attrs:
            if name in {"aria-label", "title", "placeholder", "alt"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def english_leftovers(html: str, language: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = parser.text()
    leftovers = []
    for entry in catalog(language).translated_entries():
        english = " ".join(entry.msgid.split())
        if PLACEHOLDER.search(english) or len(english.split()) < 2 or entry.msgstr == entry.msgid:
            continue
        if english in text:
            leftovers.append(english)
    return leftovers


PAGES = [
    ("home", {}),
    ("people:list", {}),
    ("people:create", {}),
    ("people:teams", {}),
    ("people:locations", {}),
    ("people_transfer:import", {}),
    ("accounts:settings_profile", {}),
    ("accounts:settings_members", {}),
    ("accounts:settings_invitations", {}),
    ("accounts:settings_organisation", {}),
    ("accounts:settings_tokens", {}),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_requested_in_a_language_speak_it_throughout(client, alice, carol, language):
    client.force_login(alice)
    urls = [reverse(name, kwargs=kwargs) for name, kwargs in PAGES]
    urls.append(reverse("people:detail", kwargs={"pk": carol.pk}))
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, url
        with translation.override(language):
            assert translation.gettext("People") in html, url
        assert not english_leftovers(html, language), (url, english_leftovers(html, language))


def test_the_login_page_follows_the_browser_language(client, db):
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9").content
    with translation.override("nl"):
        assert translation.gettext("Log in to Hallway").encode() in html
    assert b'<html lang="nl">' in html
