"""kill -9 of an import in the middle of its transaction leaves all or nothing: `manage.py import_participants`
runs in a process of its own on the suite's database (SQLite or PostgreSQL) and is killed as soon as its write
transaction is seen open from outside; nothing of it is in the database afterwards, and the database is sound."""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from django.db import connection

from nastavnik.participants.models import ImportBatch, MenteeProfile, Participant
from tests.builders import make_mentee, make_organization
from tests.operations.helpers import database_url

ROOT = Path(__file__).resolve().parents[2]
ROWS = 20_000
HEADER = "Фамилия;Имя;Отчество;Дата рождения;Категория;Класс;Предмет;Стаж;Роль;Запросы;Компетенции;Количество наставляемых\n"


LETTERS = "абвгдежзиклмнопрстуфхцчшэюя"


def _surname(i: int) -> str:
    """A distinct surname per row (names may hold letters only)."""
    letters = ""
    for _ in range(4):
        i, digit = divmod(i, len(LETTERS))
        letters += LETTERS[digit]
    return "Фамилия" + letters


def _csv(path: Path) -> None:
    born = dt.date.today() - dt.timedelta(days=12 * 365)
    lines = [
        f"{_surname(i)};Имя;Отчество;{born:%d.%m.%Y};обучающийся;7Б;;;наставляемый;Профориентация;;\n"
        for i in range(ROWS)
    ]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")


def _tail(tmp_path: Path) -> str:
    return (tmp_path / "import.log").read_text()[-2000:]


def _writer_is_open() -> bool:
    """Seen from another connection: has a write transaction begun (and not ended)?"""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        # The import's transactions are IMMEDIATE: while one is open, nobody else can take the write lock.
        probe = sqlite3.connect(params["NAME"], timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with psycopg.connect(
        dbname=params["NAME"],
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        autocommit=True,
    ) as probe:
        # A transaction gets an id when it first writes.
        row = probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        ).fetchone()
        return bool(row and row[0])


def test_kill_9_in_the_middle_of_an_import_leaves_nothing(reference_data, tmp_path):
    organization = make_organization()
    make_mentee(organization)  # the base already has someone: he must stay, alone
    before = (Participant.objects.count(), MenteeProfile.objects.count(), ImportBatch.objects.count())
    path = tmp_path / "list.csv"
    _csv(path)
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="1", DATABASE_URL=database_url(), NASTAVNIK_VAR_DIR=str(tmp_path / "var"))
    output = (tmp_path / "import.log").open("w")
    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_participants", str(path), "--organization", organization.slug],
        cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while not _writer_is_open():
            assert importer.poll() is None, (
                f"the import ended before it was caught: {importer.stdout.read()!r}"
            )
            assert time.monotonic() < deadline, "the import's transaction was never seen"
            time.sleep(0.02)
        os.kill(importer.pid, signal.SIGKILL)
        assert importer.wait(timeout=30) == -signal.SIGKILL
    finally:
        if importer.poll() is None:
            os.killpg(importer.pid, signal.SIGKILL)
            importer.wait()
        output.close()

    # Nothing of the import: no batch, no person, no profile; the one already there is untouched.
    deadline = time.monotonic() + 30
    while _writer_is_open():  # PostgreSQL notices the dead client and rolls back
        assert time.monotonic() < deadline, "the killed import's transaction stayed open"
        time.sleep(0.1)
    assert (Participant.objects.count(), MenteeProfile.objects.count(), ImportBatch.objects.count()) == before
    assert not Participant.objects.filter(last_name__startswith="Фамилия").exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"

    # And the same file imports whole afterwards: the killed one left no lock and no half rows behind.
    finished = subprocess.run(
        [sys.executable, "manage.py", "import_participants", str(path), "--organization", organization.slug],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    assert Participant.objects.count() == before[0] + ROWS
    assert ImportBatch.objects.count() == before[2] + 1
