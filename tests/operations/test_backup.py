"""Backups restore: data and uploaded files backed up, restored into an empty database by `manage.py restore`
in a process of its own, and compared table by table and file by file — on the engine the suite runs on
(SQLite or PostgreSQL: `make test` runs both)."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from nastavnik.operations.backup import MANIFEST, copy_sqlite, count_rows
from tests.builders import give_consent, make_mentee, make_mentor, make_organization, make_pupil, make_user

ROOT = Path(__file__).resolve().parents[2]


def _build_programme():
    organization = make_organization()
    make_user("curator", organization=organization)
    for _ in range(3):
        mentee = make_mentee(organization, participant=make_pupil(organization))
        give_consent(mentee.participant, given_by="parent")  # an uploaded scan in MEDIA_ROOT
    make_mentor(organization)
    return organization


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


class Target:
    """An empty database of the suite's engine for the restoring process, and a way to read it back."""

    def __init__(self, tmp_path: Path):
        params = connection.settings_dict
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"nastavnik_restore_{uuid.uuid4().hex[:10]}"
            self.conninfo = {
                "host": params.get("HOST") or None,
                "port": params.get("PORT") or None,
                "user": params.get("USER") or None,
                "password": params.get("PASSWORD") or None,
            }
            with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            user = params.get("USER") or ""
            password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
            self.url = f"postgres://{user}{password}@{params.get('HOST') or '127.0.0.1'}:{params.get('PORT') or 5432}/{self.name}"

    def rows(self) -> dict[str, int]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as db:
                names = [
                    r[0]
                    for r in db.execute(
                        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                    )
                ]
                return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
        with psycopg.connect(dbname=self.name, **self.conninfo) as db:
            names = [
                r[0]
                for r in db.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
            ]
            return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}

    def scalar(self, sql: str):
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as db:
                return db.execute(sql).fetchone()[0]
        with psycopg.connect(dbname=self.name, **self.conninfo) as db:
            return db.execute(sql).fetchone()[0]

    def drop(self) -> None:
        if self.vendor != "sqlite":
            with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def target(tmp_path):
    target = Target(tmp_path)
    yield target
    target.drop()


def _restore(target: Target, backup_dir: Path, media: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="1", DATABASE_URL=target.url, MEDIA_ROOT=str(media), NASTAVNIK_VAR_DIR=str(media.parent))
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup_dir), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_backup_restores_into_an_empty_database_with_every_row_and_file(reference_data, tmp_path, target):
    organization = _build_programme()
    backup_dir = tmp_path / "backup"
    call_command("backup", "--output", str(backup_dir))
    source_rows = count_rows(connection)
    source_files = _files(Path(settings.MEDIA_ROOT))
    assert len(source_files) == 3 and (backup_dir / MANIFEST).is_file()

    media = tmp_path / "restored-media"
    result = _restore(target, backup_dir, media)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "сверено с манифестом" in result.stdout

    restored_rows = target.rows()
    assert restored_rows == source_rows
    assert restored_rows["participants_menteeprofile"] == 3
    assert target.scalar(
        f"SELECT short_name FROM organizations_organization WHERE id = {organization.pk}"
    ) == (organization.short_name)
    assert _files(media) == source_files

    # A second restore into the now full database is refused in Russian, and replaces it with --force.
    again = _restore(target, backup_dir, media)
    assert again.returncode != 0
    assert "База данных не пуста" in again.stderr and "--force" in again.stderr
    forced = _restore(target, backup_dir, media, "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.rows() == source_rows
    assert _files(media) == source_files


def test_restore_refuses_the_running_non_empty_database(db, tmp_path):
    _build_programme()
    backup_dir = tmp_path / "backup"
    # The backup reads only committed rows: on SQLite another connection, on PostgreSQL pg_dump.
    call_command("backup", "--output", str(backup_dir))
    with pytest.raises(CommandError, match="База данных не пуста"):
        call_command("restore", str(backup_dir))


def test_restore_refuses_files_in_the_media_directory(reference_data, tmp_path, target):
    _build_programme()
    backup_dir = tmp_path / "backup"
    call_command("backup", "--output", str(backup_dir))
    media = tmp_path / "restored-media"
    media.mkdir()
    (media / "someone-elses.pdf").write_bytes(b"%PDF")
    result = _restore(target, backup_dir, media)
    assert result.returncode != 0
    assert "Каталог файлов" in result.stderr
    assert target.rows() == {}  # nothing was written


def test_backup_refuses_a_directory_with_files_and_a_broken_copy_is_not_restored(db, tmp_path):
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    with pytest.raises(CommandError, match="не пуст"):
        call_command("backup", "--output", str(full))
    with pytest.raises(CommandError, match="не резервная копия"):
        call_command("restore", str(full))
    with pytest.raises(CommandError, match="не найден"):
        call_command("restore", str(tmp_path / "missing"))


def test_sqlite_copy_is_online_and_takes_only_committed_rows(tmp_path):
    """The server keeps writing while the copy is taken: its open transaction is neither blocked nor copied."""
    source, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    writer = sqlite3.connect(source, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x INTEGER)")
    writer.execute("INSERT INTO t VALUES (1), (2)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (3)")
    copy_sqlite(source, copy)
    writer.execute("INSERT INTO t VALUES (4)")  # still writing after the copy
    writer.execute("COMMIT")
    writer.close()
    with sqlite3.connect(copy) as db:
        assert [r[0] for r in db.execute("SELECT x FROM t ORDER BY x")] == [1, 2]
