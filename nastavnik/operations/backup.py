"""Backups that restore: the database (SQLite online backup API, or PostgreSQL `pg_dump` custom format), the
uploaded files (MEDIA_ROOT) and a manifest that lets the restore prove it got everything back.

A backup is a directory:

    manifest.json        format, time, engine, database file and its SHA-256, rows per table, media files
    database.sqlite3     SQLite: a consistent copy taken through the online backup API (the server may run)
    database.dump        PostgreSQL: `pg_dump --format=custom`, taken in the same snapshot as the row counts
    media/               the uploaded files (consent scans, certificates, evidence, orders)

`restore` refuses a database that already has tables (and a MEDIA_ROOT that has files) unless forced, loads the
database, copies the files and compares the rows per table and every file's checksum with the manifest.
Commands are trusted: whoever runs them owns the installation (docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_DIR = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Russian)."""


@dataclass
class Manifest:
    engine: str  # "sqlite" or "postgresql"
    database_file: str
    database_sha256: str
    tables: dict[str, int]
    media: dict[str, dict[str, Any]]  # relative path -> {"size": n, "sha256": hex}
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    format: int = FORMAT

    def write(self, directory: Path) -> None:
        data = {
            "format": self.format,
            "created_at": self.created_at,
            "engine": self.engine,
            "database_file": self.database_file,
            "database_sha256": self.database_sha256,
            "tables": self.tables,
            "media": self.media,
        }
        (directory / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError as error:
            raise BackupError(
                _("В каталоге %(dir)s нет файла %(file)s: это не резервная копия.")
                % {"dir": directory, "file": MANIFEST}
            ) from error
        except (ValueError, OSError) as error:
            raise BackupError(
                _("Файл %(file)s повреждён: %(error)s") % {"file": path, "error": error}
            ) from error
        if data.get("format") != FORMAT:
            raise BackupError(
                _("Неизвестный формат резервной копии: %(format)s.") % {"format": data.get("format")}
            )
        return cls(
            engine=data["engine"],
            database_file=data["database_file"],
            database_sha256=data["database_sha256"],
            tables={str(k): int(v) for k, v in data["tables"].items()},
            media=data["media"],
            created_at=data["created_at"],
        )


def engine_of(connection: BaseDatabaseWrapper) -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(
            _("Резервное копирование поддерживает SQLite и PostgreSQL, а не %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, dict[str, Any]]:
    """Every regular file under `root` with its size and checksum, by path relative to it."""
    if not root.is_dir():
        return {}
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files[path.relative_to(root).as_posix()] = {
                "size": path.stat().st_size,
                "sha256": sha256_of(path),
            }
    return files


def count_rows(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows per table of the connected database (every table, Django's or not)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


def sqlite_rows(path: Path) -> dict[str, int]:
    """Rows per table of an SQLite file, read without Django (the copy in a backup)."""
    with _sqlite(path, read_only=True) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {name: int(db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]) for name in names}


@contextmanager
def _sqlite(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    db = sqlite3.connect(uri, uri=True, timeout=60)
    try:
        yield db
    finally:
        db.close()


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database through the online backup API: other connections (the web
    server's, the worker's) go on reading and writing meanwhile; in WAL mode a writer is not even blocked, and
    what it has not committed is not copied."""
    with _sqlite(source, read_only=True) as src, _sqlite(target) as dst:
        src.backup(dst, pages=-1)


def _pg_environment(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore (the password through the environment, not argv)."""
    params = connection.settings_dict
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(
            _("Не найдена программа %(program)s: установите клиент PostgreSQL (пакет postgresql-client).")
            % {"program": command[0]}
        ) from error
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s завершилась с ошибкой: %(error)s")
            % {"program": command[0], "error": result.stderr.strip()}
        )


def _prepare_output(output: Path) -> None:
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(_("Каталог %(dir)s не пуст: укажите новый или пустой каталог.") % {"dir": output})
    output.mkdir(parents=True, exist_ok=True)


def backup(output: Path, *, using: str = "default") -> Manifest:
    """Write a backup of the database and MEDIA_ROOT into `output` (a new or empty directory)."""
    connection = connections[using]
    engine = engine_of(connection)
    _prepare_output(output)
    if engine == "sqlite":
        target = output / SQLITE_FILE
        source = Path(str(connection.settings_dict["NAME"]))
        copy_sqlite(source, target)
        tables = sqlite_rows(target)
    else:
        target = output / PG_FILE
        args, env = _pg_environment(connection)
        # The row counts and pg_dump see the same snapshot: a repeatable-read transaction exports it and
        # pg_dump runs inside it (--snapshot) while the transaction stays open. On a connection of its own,
        # so that the caller's transaction (if any) does not matter.
        snapshot_connection = connections.create_connection(using)
        try:
            with snapshot_connection.cursor() as cursor:
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                _run(
                    [
                        "pg_dump",
                        *args,
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot}",
                        f"--file={target}",
                        str(connection.settings_dict["NAME"]),
                    ],
                    env,
                )
                tables = count_rows(snapshot_connection)
                cursor.execute("COMMIT")
        finally:
            snapshot_connection.close()
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        shutil.copytree(media_root, output / MEDIA_DIR, symlinks=False)
    else:
        (output / MEDIA_DIR).mkdir()
    manifest = Manifest(
        engine=engine,
        database_file=target.name,
        database_sha256=sha256_of(target),
        tables=tables,
        media=media_files(output / MEDIA_DIR),
    )
    manifest.write(output)
    return manifest


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    media_files: int


def _drop_all_tables(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def _differing(restored: dict[str, Any], expected: dict[str, Any]) -> str:
    """The first 20 keys (tables or files) whose restored value is not the copy's, for the error message."""
    keys = sorted(k for k in set(restored) | set(expected) if restored.get(k) != expected.get(k))
    return ", ".join(keys[:20])


def restore(source: Path, *, force: bool = False, using: str = "default") -> RestoreReport:
    """Load a backup into the configured database and MEDIA_ROOT, then check it against the manifest."""
    manifest = Manifest.read(source)
    connection = connections[using]
    engine = engine_of(connection)
    if manifest.engine != engine:
        raise BackupError(
            _(
                "Копия сделана из %(from)s, а настроена база %(to)s: восстановление возможно только в базу того же вида."
            )
            % {"from": manifest.engine, "to": engine}
        )
    database_file = source / manifest.database_file
    if not database_file.is_file() or sha256_of(database_file) != manifest.database_sha256:
        raise BackupError(
            _("Файл базы данных %(file)s отсутствует или повреждён (контрольная сумма не совпадает).")
            % {"file": database_file}
        )
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    media_root = Path(settings.MEDIA_ROOT)
    media_present = media_root.is_dir() and any(media_root.iterdir())
    if not force and existing:
        raise BackupError(
            _(
                "База данных не пуста (таблиц: %(count)s). Восстановление заменит её содержимое; если это нужно, повторите с --force."
            )
            % {"count": len(existing)}
        )
    if not force and media_present:
        raise BackupError(
            _(
                "Каталог файлов %(dir)s не пуст. Восстановление заменит его содержимое; если это нужно, повторите с --force."
            )
            % {"dir": media_root}
        )

    if engine == "sqlite":
        connection.close()
        target = Path(str(connection.settings_dict["NAME"]))
        # The backup API into the live file replaces its whole content, write-ahead log included.
        copy_sqlite(database_file, target)
    else:
        if existing:
            _drop_all_tables(connection)
        connection.close()
        args, env = _pg_environment(connection)
        _run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database_file),
            ],
            env,
        )

    if media_root.exists():
        shutil.rmtree(media_root)
    shutil.copytree(source / MEDIA_DIR, media_root)

    rows = count_rows(connection)
    if rows != manifest.tables:
        raise BackupError(
            _("Восстановленная база не совпадает с копией в таблицах: %(tables)s.")
            % {"tables": _differing(rows, manifest.tables)}
        )
    files = media_files(media_root)
    if files != manifest.media:
        raise BackupError(
            _("Восстановленные файлы не совпадают с копией: %(files)s.")
            % {"files": _differing(files, manifest.media)}
        )
    return RestoreReport(tables=len(rows), rows=sum(rows.values()), media_files=len(files))
