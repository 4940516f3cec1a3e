"""The engine stays pure: importing it must not pull in Django or Hallway's Django apps."""

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "src" / "hallway" / "engine"
FORBIDDEN = (
    "django",
    "ninja",
    "hallway.config",
    "hallway.core",
    "hallway.accounts",
    "hallway.people",
)


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_engine_module_imports_django_or_the_apps():
    offenders = {
        str(path.relative_to(ENGINE)): sorted(
            name for name in imported_modules(path) if name.startswith(FORBIDDEN)
        )
        for path in ENGINE.rglob("*.py")
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_importing_the_engine_loads_no_django():
    modules = [f"hallway.engine.{p.stem}" for p in ENGINE.glob("*.py") if p.stem != "__init__"]
    code = (
        "import sys, importlib\n"
        f"for name in {['hallway.engine', *modules]!r}: importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
