"""The layer contract (pyproject.toml, `lint-imports`): lower layers never import higher ones,
and capabilities meet only through their documented interfaces."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of the source tree to break on purpose."""
    copy = tmp_path_factory.mktemp("src")
    shutil.copytree(
        ROOT / "src" / "hallway",
        copy / "hallway",
        ignore=shutil.ignore_patterns("locale", "templates", "static", "__pycache__"),
    )
    return copy


def test_the_code_keeps_the_layers():
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        (
            "core/sneaky.py",
            "import hallway.coffee.models",
            "hallway.core is not allowed to import hallway.coffee",
        ),
        (
            "engine/sneaky.py",
            "from hallway.people import models",
            "hallway.engine is not allowed to import hallway.people",
        ),
        (
            "people/sneaky.py",
            "import hallway.messaging.models",
            "hallway.people is not allowed to import hallway.messaging",
        ),
        (
            "people/sneaky.py",
            "import hallway.absences.selectors",
            "hallway.people is not allowed to import hallway.absences",
        ),
        (
            "absences/sneaky.py",
            "import hallway.messaging.models",
            "hallway.absences is not allowed to import hallway.messaging",
        ),
        (
            "coffee/sneaky.py",
            "import hallway.api.router",
            "hallway.coffee is not allowed to import hallway.api",
        ),
        (
            "onboarding/sneaky.py",
            "from hallway.coffee.services import planning",
            "hallway.onboarding is not allowed to import hallway.coffee",
        ),
        (
            "coffee/sneaky.py",
            "import hallway.onboarding.models",
            "hallway.coffee is not allowed to import hallway.onboarding",
        ),
    ],
)
def test_a_forbidden_import_breaks_the_contract(tree, module, line, broken):
    path = tree / "hallway" / module
    path.write_text(line + "\n")
    try:
        result = lint_imports(tree)
    finally:
        path.unlink()
    assert result.returncode == 1, result.stdout
    assert broken in " ".join(result.stdout.split())
