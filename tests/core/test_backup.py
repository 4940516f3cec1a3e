"""`hallway backup FILE` and `hallway restore FILE [--yes]`, through the real command in its own
process: a round trip into an empty database gives back every row, and anything that is not
a backup this installation can restore is refused with exit code 2 and changes nothing."""

import json
import subprocess
import sys
import zipfile

import psycopg
import pytest
from django.db import connection

from tests.core.processes import (
    ROOT,
    fresh_sqlite_data_dir,
    hallway_command,
    hallway_env,
    postgres_url,
    run_hallway,
    sqlite_rows,
)

SEED = (
    "from tests.factories import make_organisation, make_person, make_team\n"
    "org = make_organisation('Backup GmbH', slug='backup')\n"
    "team = make_team(org, 'Füße & Co')\n"
    "for i in range(25):\n"
    "    make_person(org, f'Person {i} Ünal', email=f'p{i}@backup.test', team=team)\n"
)


def hallway(*args, env, stdin=subprocess.DEVNULL):
    return subprocess.run(
        hallway_command(*args),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        stdin=stdin,
    )


def sqlite_snapshot(data_dir):
    tables = [
        name
        for (name,) in sqlite_rows(
            data_dir, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        )
    ]
    return {
        table: sorted(map(repr, sqlite_rows(data_dir, f'SELECT * FROM "{table}"')))  # noqa: S608 - names read from the catalogue
        for table in tables
    }


@pytest.fixture
def on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip runs in the SQLite suite")


@pytest.fixture
def seeded(tmp_path, on_sqlite):
    data_dir = fresh_sqlite_data_dir(tmp_path / "source")
    env = hallway_env(data_dir)
    run_hallway("shell", "-c", SEED, env=env)
    return data_dir, env


def test_a_sqlite_round_trip_into_an_empty_database_gives_back_every_row(seeded, tmp_path):
    source, env = seeded
    backup = tmp_path / "hallway-backup.zip"
    output = run_hallway("backup", str(backup), env=env)
    assert "Backed up the sqlite database" in output
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "hallway-backup"
    assert manifest["database"] == "sqlite"
    assert "0001_initial" in manifest["migrations"]["people"]

    empty = tmp_path / "empty"  # not even migrated
    empty.mkdir()
    (empty / "secret_key").write_text((source / "secret_key").read_text())
    restored = hallway("restore", str(backup), "--yes", env=hallway_env(empty))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    assert "does not have" not in restored.stderr  # the same key: channel secrets readable
    before, after = sqlite_snapshot(source), sqlite_snapshot(empty)
    assert after == before
    assert len(after["people_person"]) == 25


def test_restore_warns_when_the_encryption_key_differs(seeded, tmp_path):
    _source, env = seeded
    backup = tmp_path / "b.zip"
    run_hallway("backup", str(backup), env=env)
    elsewhere = fresh_sqlite_data_dir(tmp_path / "elsewhere")
    (elsewhere / "secret_key").write_text("another installation's secret key")
    restored = hallway("restore", str(backup), "--yes", env=hallway_env(elsewhere))
    assert restored.returncode == 0
    assert "encrypted with a key this installation does not have" in restored.stderr


def test_without_yes_and_no_terminal_nothing_is_restored(seeded, tmp_path):
    _source, env = seeded
    backup = tmp_path / "b.zip"
    run_hallway("backup", str(backup), env=env)
    target = fresh_sqlite_data_dir(tmp_path / "target")
    before = sqlite_snapshot(target)
    refused = hallway("restore", str(backup), env=hallway_env(target))
    assert refused.returncode == 2
    assert "Nothing was restored (confirm with --yes)" in refused.stderr
    assert sqlite_snapshot(target) == before


def forged(tmp_path, name, manifest, member="database.sqlite3"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr(member, b"")
    return path


GOOD_MANIFEST = {
    "format": "hallway-backup",
    "version": 1,
    "database": "sqlite",
    "created_at": "2026-12-01T10:00:00+00:00",
    "migrations": {"people": ["0001_initial"]},
    "key_fingerprint": "",
}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.zip", "does not exist"),
        (
            lambda tmp: (tmp / "notes.txt").write_text("hello") and tmp / "notes.txt",
            "is not a Hallway backup",
        ),
        (lambda tmp: forged(tmp, "other.zip", {"format": "something"}), "is not a Hallway backup"),
        (
            lambda tmp: forged(
                tmp, "pg.zip", {**GOOD_MANIFEST, "database": "postgresql"}, "database.pgdump"
            ),
            "is a backup of a PostgreSQL database; this installation runs on SQLite",
        ),
        (
            lambda tmp: forged(
                tmp,
                "newer.zip",
                {**GOOD_MANIFEST, "migrations": {"people": ["0999_from_the_future"]}},
            ),
            "was made by a newer version of Hallway",
        ),
        (lambda tmp: forged(tmp, "v9.zip", {**GOOD_MANIFEST, "version": 9}), "format 9"),
        (lambda tmp: forged(tmp, "hollow.zip", GOOD_MANIFEST, "something-else"), "incomplete"),
    ],
)
def test_what_is_no_restorable_backup_is_refused_with_exit_2_and_changes_nothing(
    tmp_path, on_sqlite, make, message
):
    target = fresh_sqlite_data_dir(tmp_path / "target")
    before = sqlite_snapshot(target)
    refused = hallway("restore", str(make(tmp_path)), "--yes", env=hallway_env(target))
    assert refused.returncode == 2, refused.stderr
    assert message in refused.stderr
    assert sqlite_snapshot(target) == before


def test_a_backup_into_a_missing_folder_is_exit_2(tmp_path, on_sqlite):
    data_dir = fresh_sqlite_data_dir(tmp_path / "data")
    done = hallway("backup", str(tmp_path / "nowhere" / "b.zip"), env=hallway_env(data_dir))
    assert done.returncode == 2
    assert "does not exist" in done.stderr


# --- PostgreSQL -------------------------------------------------------------------------


def pg_snapshot(url):
    with psycopg.connect(url) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"').fetchall()))  # noqa: S608 - names read from the catalogue
            for table in tables
        }


def test_a_postgresql_round_trip_into_an_empty_database_gives_back_every_row(
    transactional_db, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL suite")
    from tests.factories import make_organisation, make_person, make_team

    org = make_organisation("Backup GmbH", slug="backup")
    team = make_team(org, "Füße & Co")
    for i in range(25):
        make_person(org, f"Person {i} Ünal", email=f"p{i}@backup.test", team=team)
    source_url = postgres_url(connection.settings_dict)
    empty_name = f"{connection.settings_dict['NAME']}_restored"
    admin_url = source_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{empty_name}"')
        admin.execute(f'CREATE DATABASE "{empty_name}"')
    try:
        backup = tmp_path / "pg.zip"
        data_dir = tmp_path / "data"
        env = hallway_env(data_dir, database_url=source_url)
        output = run_hallway("backup", str(backup), env=env)
        assert "Backed up the postgresql database" in output
        empty_url = source_url.rsplit("/", 1)[0] + f"/{empty_name}"
        restored = hallway(
            "restore", str(backup), "--yes", env=hallway_env(data_dir, database_url=empty_url)
        )
        assert restored.returncode == 0, restored.stderr
        before, after = pg_snapshot(source_url), pg_snapshot(empty_url)
        assert after == before
        assert len(after["people_person"]) == 25
    finally:
        connection.close()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty_name}" WITH (FORCE)')


def test_the_commands_are_listed():
    listed = subprocess.run(
        [sys.executable, "-m", "hallway.cli", "help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    assert "backup" in listed
    assert "restore" in listed
