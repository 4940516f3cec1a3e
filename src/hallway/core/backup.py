"""Backups of the whole database, and restoring one: `hallway backup FILE`, `hallway restore FILE`.

A backup is a zip file holding `manifest.json` (what it is, from which database, when, the
migrations it has) and the database itself: for SQLite a copy made with SQLite's online
backup API (consistent while the product runs), for PostgreSQL a `pg_dump` archive in its
custom format (restored with `pg_restore`). Each database restores its own kind only.

Channel secrets in the database are encrypted (`hallway.core.crypto`); the key is not in the
backup. The manifest records the key's fingerprint, and a restore warns when this
installation has no key of that fingerprint: keep HALLWAY_ENCRYPTION_KEYS (or the data
folder's `secret_key`) with the backups.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from hallway.core.crypto import key_fingerprints

FORMAT = "hallway-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


class BackupProblem(Exception):
    """The file is not a backup this installation can restore; nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    database: str  # "sqlite" or "postgresql"
    created_at: datetime.datetime
    migrations: dict[str, list[str]]
    key_fingerprint: str

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "database": self.database,
            "created_at": self.created_at.isoformat(),
            "migrations": self.migrations,
            "key_fingerprint": self.key_fingerprint,
        }


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    needs_migrate: bool  # the backup is older than this code: run `hallway migrate`
    key_missing: bool  # channel secrets were encrypted with a key this installation lacks


def database_kind() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupProblem(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def backup_write(path: Path) -> Manifest:
    """Write a backup of the database to `path` (replaced only once complete)."""
    kind = database_kind()
    manifest = Manifest(
        database=kind,
        created_at=timezone.now(),
        migrations=_applied_migrations(),
        key_fingerprint=key_fingerprints()[0],
    )
    path = path.resolve()
    with tempfile.TemporaryDirectory(prefix="hallway-backup-", dir=path.parent) as work:
        dump = Path(work) / (SQLITE_MEMBER if kind == "sqlite" else POSTGRES_MEMBER)
        if kind == "sqlite":
            _sqlite_copy_out(dump)
        else:
            _pg_run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", dump)
        partial = Path(work) / "backup.zip"
        with zipfile.ZipFile(partial, "w") as archive:
            archive.writestr(MANIFEST, json.dumps(manifest.as_json(), indent=2))
            # pg_dump's custom format is compressed already; SQLite pages compress well.
            compression = zipfile.ZIP_DEFLATED if kind == "sqlite" else zipfile.ZIP_STORED
            archive.write(dump, dump.name, compress_type=compression)
        os.replace(partial, path)
    return manifest


def backup_read_manifest(path: Path) -> Manifest:
    """The manifest of the backup at `path`, or BackupProblem saying why it is none."""
    try:
        with zipfile.ZipFile(path) as archive:
            raw = json.loads(archive.read(MANIFEST))
            names = set(archive.namelist())
    except FileNotFoundError as exc:
        raise BackupProblem(f"{path} does not exist.") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, IsADirectoryError) as exc:
        raise BackupProblem(f"{path} is not a Hallway backup.") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BackupProblem(f"{path} is not a Hallway backup.")
    if raw.get("version") != FORMAT_VERSION:
        raise BackupProblem(
            f"{path} is a backup in format {raw.get('version')}; this version of Hallway "
            f"reads format {FORMAT_VERSION}."
        )
    database = raw.get("database")
    member = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRES_MEMBER}.get(str(database))
    if member is None or member not in names:
        raise BackupProblem(f"{path} is an incomplete Hallway backup (no database in it).")
    try:
        return Manifest(
            database=str(database),
            created_at=datetime.datetime.fromisoformat(raw["created_at"]),
            migrations={app: list(names) for app, names in raw["migrations"].items()},
            key_fingerprint=str(raw.get("key_fingerprint", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupProblem(f"{path} is a damaged Hallway backup ({exc}).") from exc


def restore_check(path: Path) -> Manifest:
    """Everything that can refuse a restore, checked before anything is changed."""
    manifest = backup_read_manifest(path)
    kind = database_kind()
    if manifest.database != kind:
        raise BackupProblem(
            f"{path} is a backup of a {_label(manifest.database)} database; this installation "
            f"runs on {_label(kind)}. Restore it into {_label(manifest.database)}."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupProblem(
            f"{path} was made by a newer version of Hallway (migrations this one does not "
            f"have: {', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''}). Upgrade first."
        )
    return manifest


def backup_restore(path: Path) -> RestoreReport:
    """Replace the database's contents with the backup's. Checks first; changes nothing
    when the backup cannot be restored."""
    manifest = restore_check(path)
    with (
        tempfile.TemporaryDirectory(prefix="hallway-restore-") as work,
        zipfile.ZipFile(path) as archive,
    ):
        member = SQLITE_MEMBER if manifest.database == "sqlite" else POSTGRES_MEMBER
        dump = Path(archive.extract(member, work))
        if manifest.database == "sqlite":
            _sqlite_copy_in(dump)
        else:
            _pg_run(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                dump,
            )
    connection.close()
    applied = _applied_migrations()
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    needs_migrate = any(name not in applied.get(app, []) for app, name in known if app in applied)
    return RestoreReport(
        manifest=manifest,
        needs_migrate=needs_migrate,
        key_missing=bool(manifest.key_fingerprint)
        and manifest.key_fingerprint not in key_fingerprints(),
    )


def _label(kind: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(kind, kind)


# --- SQLite ---------------------------------------------------------------------------


def _sqlite_copy_out(target: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # page by page, consistent, while others keep working
    finally:
        destination.close()


def _sqlite_copy_in(dump: Path) -> None:
    source = sqlite3.connect(dump)
    try:
        problems = source.execute("PRAGMA integrity_check").fetchone()
        if not problems or problems[0] != "ok":
            raise BackupProblem(f"The database in the backup is damaged: {problems}.")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


# --- PostgreSQL -----------------------------------------------------------------------


def _pg_run(program: str, *args: object) -> None:
    """Run pg_dump or pg_restore against the configured database."""
    executable = shutil.which(program, path=os.environ.get("HALLWAY_PG_BIN_DIR") or None)
    if executable is None:
        raise BackupProblem(
            f"{program} was not found. Install PostgreSQL's client programs (the same major "
            f"version as the server), or set HALLWAY_PG_BIN_DIR to their folder."
        )
    database = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    command = [executable, *map(str, args), "--dbname", str(database["NAME"])]
    connection.close()  # pg_restore --clean must not wait for locks our session holds
    # The program is found on PATH (or HALLWAY_PG_BIN_DIR); the arguments are ours.
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupProblem(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}")
