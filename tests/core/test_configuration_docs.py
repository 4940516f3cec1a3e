"""Every environment variable the code reads is documented in docs/configuration.md."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ_CALL = re.compile(
    r"""\b(?:env|env_bool|env_list|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read_by_code() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src" / "hallway").rglob("*.py"):
        names.update(READ_CALL.findall(path.read_text(encoding="utf-8")))
    names.discard("DJANGO_SETTINGS_MODULE")
    return names


def documented_variables(document: str = "docs/configuration.md") -> set[str]:
    text = (ROOT / document).read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", text, flags=re.MULTILINE))


def test_the_scan_finds_the_settings_variables():
    assert {"DATABASE_URL", "HALLWAY_SECRET_KEY", "EMAIL_URL"} <= variables_read_by_code()


@pytest.mark.parametrize("document", ["docs/configuration.md", "README.md"])
def test_every_variable_read_is_documented(document):
    missing = variables_read_by_code() - documented_variables(document)
    assert not missing, f"document these in {document}: {sorted(missing)}"


@pytest.mark.parametrize("document", ["docs/configuration.md", "README.md"])
def test_no_stale_documentation(document):
    stale = documented_variables(document) - variables_read_by_code()
    assert not stale, f"documented in {document} but never read: {sorted(stale)}"
