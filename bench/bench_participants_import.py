"""Benchmark the import of participants: 100,000 CSV rows on SQLite and on PostgreSQL, against a floor.

Run from the repository root::

    .venv/bin/python bench/bench_participants_import.py [--rows 100000] [--repeat 2]
        [--database-url sqlite|postgres://...]   # default: both, PostgreSQL at 127.0.0.1:5432

For every database the script makes its own fresh database (a throw-away SQLite file under var/, or the
PostgreSQL database ``bench_participants`` that it creates and drops), migrates it and measures:

- ``import``: ``services.import_participants`` on the same file bytes (detect encoding and delimiter,
  guess the mapping, validate every cell, duplicates in the file and against the base, write);
- ``floor (COPY/executemany)``: the same rows (participants, profiles, requests, competences) read with the
  csv module, converted minimally, not validated, written by the same raw path the import uses
  (``bulk.insert_rows``: COPY on PostgreSQL, executemany on SQLite) — the budget's floor;
- ``floor (bulk_create)``: the same rows with plain ``bulk_create(batch_size=2000)``, for comparison;
- ``--with-history`` adds the bulk_create floor with ``bulk_create_with_history`` for participants, to show
  what per-row audit would cost (the import writes one ImportBatch summary instead).

Each figure is the best of ``--repeat`` runs; the tables are emptied between runs. Each database runs in
its own subprocess because Django reads DATABASE_URL once at start-up.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "bench_participants"
BUDGET_SECONDS = 30.0
BUDGET_RATIO = 3.0

LAST = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
    "Осипов",
    "Сидоров",
    "Матвеев",
    "Титов",
    "Марков",
    "Миронов",
    "Крылов",
    "Куликов",
    "Карпов",
    "Власов",
    "Мельников",
    "Денисов",
    "Гаврилов",
    "Тихонов",
    "Казаков",
    "Афанасьев",
    "Данилов",
    "Савельев",
    "Тимофеев",
    "Фомин",
    "Чернов",
    "Абрамов",
    "Мартынов",
    "Ефимов",
    "Федотов",
    "Щербаков",
    "Назаров",
    "Калинин",
    "Исаев",
    "Чернышёв",
    "Быков",
    "Маслов",
    "Родионов",
    "Коновалов",
    "Лазарев",
    "Воронин",
    "Климов",
    "Филатов",
    "Пономарёв",
    "Голубев",
    "Кудрявцев",
    "Прохоров",
    "Наумов",
    "Потапов",
    "Журавлёв",
]
FIRST_M = [
    "Александр",
    "Дмитрий",
    "Максим",
    "Сергей",
    "Андрей",
    "Алексей",
    "Артём",
    "Илья",
    "Кирилл",
    "Михаил",
    "Никита",
    "Матвей",
    "Роман",
    "Егор",
    "Арсений",
    "Иван",
    "Денис",
    "Евгений",
    "Тимофей",
    "Владимир",
]
FIRST_F = [
    "Анастасия",
    "Мария",
    "Анна",
    "Виктория",
    "Екатерина",
    "Наталья",
    "Марина",
    "Полина",
    "София",
    "Дарья",
    "Алиса",
    "Ксения",
    "Александра",
    "Елена",
    "Ольга",
    "Татьяна",
    "Юлия",
    "Ирина",
    "Вероника",
    "Варвара",
]
PATRON = [
    "Александров",
    "Дмитриев",
    "Сергеев",
    "Андреев",
    "Алексеев",
    "Иванов",
    "Михайлов",
    "Владимиров",
    "Николаев",
    "Евгеньев",
    "Петров",
    "Викторов",
    "Олегов",
    "Юрьев",
    "Игорев",
]
REQUESTS_PUPILS = [
    "Трудности в учёбе по предмету",
    "Адаптация в коллективе",
    "Профориентация",
    "Подготовка к олимпиаде",
]
REQUESTS_TEACHERS = [
    "Дисциплина на уроке",
    "Работа с родителями",
    "Применение ИКТ",
    "Подготовка к аттестации",
]
SUBJECTS = ["Математика", "Русский язык", "Физика", "История", "Информатика", "Химия", "Биология"]
HEADER = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Категория",
    "Класс",
    "Предмет",
    "Стаж",
    "Роль",
    "Запросы",
    "Компетенции",
    "Количество наставляемых",
]
CATEGORY = {
    "обучающийся": "pupil",
    "педагог": "teacher",
    "молодой специалист": "young_specialist",
    "студент": "student",
}


def generate_csv(rows: int, seed: int = 2025) -> bytes:
    """A school-like list (Excel's CSV: ';', cp1251 would do too), every person unique by name and birth date."""
    rnd = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    seen = set()
    today = dt.date.today()
    while len(seen) < rows:
        female = rnd.random() < 0.5
        last = rnd.choice(LAST) + ("а" if female else "")
        first = rnd.choice(FIRST_F if female else FIRST_M)
        patronymic = rnd.choice(PATRON) + ("на" if female else "ич")
        kind = rnd.random()
        if kind < 0.8:
            birth = today - dt.timedelta(days=rnd.randint(7 * 365, 17 * 365))
            row = [
                last,
                first,
                patronymic,
                birth.strftime("%d.%m.%Y"),
                "обучающийся",
                f"{rnd.randint(1, 11)}{rnd.choice('АБВГ')}",
                "",
                "",
                "наставник" if rnd.random() < 0.05 else "наставляемый",
                ", ".join(rnd.sample(REQUESTS_PUPILS, rnd.randint(1, 2))),
                "",
                "",
            ]
            if row[8] == "наставник":
                row[9], row[10], row[11] = "", "Подготовка к олимпиаде", "2"
        elif kind < 0.95:
            experience = rnd.randint(0, 40)
            birth = today - dt.timedelta(days=rnd.randint(22 * 365, 65 * 365))
            mentor = experience > 3
            row = [
                last,
                first,
                patronymic,
                birth.strftime("%d.%m.%Y"),
                "педагог" if experience > 3 else "молодой специалист",
                "",
                rnd.choice(SUBJECTS),
                str(experience),
                "наставник" if mentor else "наставляемый",
                "" if mentor else "; ".join(rnd.sample(REQUESTS_TEACHERS, 2)),
                "; ".join(rnd.sample(REQUESTS_TEACHERS, 2)) if mentor else "",
                str(rnd.randint(1, 4)) if mentor else "",
            ]
        else:
            birth = today - dt.timedelta(days=rnd.randint(18 * 365, 22 * 365))
            row = [
                last,
                first,
                patronymic,
                birth.strftime("%d.%m.%Y"),
                "студент",
                f"ИС-{rnd.randint(1, 4)}{rnd.randint(1, 3)}",
                "Информационные системы",
                "",
                "наставник",
                "",
                "Программирование",
                "3",
            ]
        key = (row[0], row[1], row[2], row[3])
        if key in seen:
            continue
        seen.add(key)
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


# --- the worker: one database ----------------------------------------------------------------------------
def worker(csv_path: str, repeat: int, with_history: bool) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    os.environ.setdefault("DEBUG", "1")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scopes_disabled

    call_command("migrate", verbosity=0)
    data = Path(csv_path).read_bytes()
    with scopes_disabled():
        organization = _organization()
        results: dict[str, float] = {}
        created = None
        for _ in range(repeat):
            runs = [("fast", _floor_fast), ("import", _import), ("floor", _floor)]
            if with_history:
                runs.append(("history", _floor_with_history))
            for name, run in runs:
                _empty(connection)
                started = time.perf_counter()
                count = run(organization, data)
                elapsed = time.perf_counter() - started
                results[name] = min(results.get(name, float("inf")), elapsed)
                if name == "import":
                    created = count
        _empty(connection)
    return {"vendor": connection.vendor, "created": created, **results}


def _organization():
    from nastavnik.organizations.models import Municipality, Organization, Region

    region, _ = Region.objects.get_or_create(slug="bench", defaults={"name": "Бенчмарк"})
    municipality, _ = Municipality.objects.get_or_create(
        slug="bench", defaults={"name": "Бенч", "region": region}
    )
    organization, _ = Organization.objects.get_or_create(
        slug="bench-school",
        defaults={"municipality": municipality, "short_name": "Школа", "full_name": "Школа"},
    )
    return organization


def _empty(connection) -> None:
    tables = [
        "participants_mentorcompetence",
        "participants_menteerequest",
        "participants_menteeprofile",
        "participants_mentorprofile_forms",
        "participants_mentorprofile",
        "participants_historicalparticipant",
        "participants_participant",
        "participants_importbatch",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names


def _import(organization, data: bytes) -> int:
    from nastavnik.core.tenancy import organization_scope
    from nastavnik.participants.services import import_participants

    with organization_scope(organization):
        result = import_participants(organization, data, "bench.csv", acting_user=None)
    if result.errors:
        raise SystemExit(f"import failed: {result.errors[:5]}")
    return result.created


def _floor(organization, data: bytes, with_history: bool = False) -> int:
    """Plain bulk inserts of the same rows: the least any importer must spend."""
    from django.db import transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from nastavnik.participants.models import (
        MenteeProfile,
        MenteeRequest,
        MentorCompetence,
        MentorProfile,
        Participant,
        make_search_name,
    )

    reader = csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";")
    next(reader)
    rows = list(reader)
    now = timezone.now()
    with transaction.atomic():
        people = []
        for r in rows:
            d, m, y = r[3].split(".")
            people.append(
                Participant(
                    organization_id=organization.pk,
                    last_name=r[0],
                    first_name=r[1],
                    patronymic=r[2],
                    search_name=make_search_name(r[0], r[1], r[2]),
                    birth_date=dt.date(int(y), int(m), int(d)),
                    category=CATEGORY[r[4]],
                    group=r[5],
                    subject=r[6],
                    experience_years=int(r[7]) if r[7] else None,
                    created_at=now,
                    updated_at=now,
                )
            )
        if with_history:
            bulk_create_with_history(people, Participant, batch_size=2000)
            if people[0].pk is None:
                ids = Participant.objects.order_by("pk").values_list("pk", flat=True)
                for person, pk in zip(people, ids, strict=True):
                    person.pk = pk
        else:
            Participant.objects.bulk_create(people, batch_size=2000)
        mentees, mentors, mentee_rows, mentor_rows = [], [], [], []
        for person, r in zip(people, rows, strict=True):
            if r[8] == "наставник":
                mentors.append(
                    MentorProfile(
                        participant_id=person.pk,
                        organization_id=organization.pk,
                        capacity=int(r[11] or 1),
                        created_at=now,
                    )
                )
                mentor_rows.append(r)
            else:
                mentees.append(
                    MenteeProfile(participant_id=person.pk, organization_id=organization.pk, created_at=now)
                )
                mentee_rows.append(r)
        MenteeProfile.objects.bulk_create(mentees, batch_size=2000)
        MentorProfile.objects.bulk_create(mentors, batch_size=2000)
        requests = [
            MenteeRequest(mentee_id=p.pk, organization_id=organization.pk, text=t.strip(), created_at=now)
            for p, r in zip(mentees, mentee_rows, strict=True)
            for t in r[9].replace(";", ",").split(",")
            if t.strip()
        ]
        competences = [
            MentorCompetence(mentor_id=p.pk, organization_id=organization.pk, title=t.strip())
            for p, r in zip(mentors, mentor_rows, strict=True)
            for t in r[10].replace(";", ",").split(",")
            if t.strip()
        ]
        MenteeRequest.objects.bulk_create(requests, batch_size=2000)
        MentorCompetence.objects.bulk_create(competences, batch_size=2000)
    return len(people)


def _floor_fast(organization, data: bytes) -> int:
    """The same rows by the import's own raw insert path, without parsing rules, validation or duplicates."""
    from django.db import transaction
    from django.utils import timezone

    from nastavnik.participants import bulk
    from nastavnik.participants.models import (
        MenteeProfile,
        MenteeRequest,
        MentorCompetence,
        MentorProfile,
        Participant,
        make_search_name,
    )
    from nastavnik.participants.services import PARTICIPANT_FIELDS

    reader = csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";")
    next(reader)
    rows = list(reader)
    now = timezone.now()
    org = organization.pk
    with transaction.atomic():
        people = []
        for r in rows:
            d, m, y = r[3].split(".")
            people.append(
                (
                    org,
                    r[0],
                    r[1],
                    r[2],
                    make_search_name(r[0], r[1], r[2]),
                    dt.date(int(y), int(m), int(d)),
                    "",
                    CATEGORY[r[4]],
                    r[5],
                    r[6],
                    int(r[7]) if r[7] else None,
                    "",
                    "",
                    None,
                    None,
                    now,
                    now,
                )
            )
        ids = bulk.insert_rows(Participant, PARTICIPANT_FIELDS, people, with_ids=True)
        mentee_rows = [(pk, r) for pk, r in zip(ids, rows, strict=True) if r[8] != "наставник"]
        mentor_rows = [(pk, r) for pk, r in zip(ids, rows, strict=True) if r[8] == "наставник"]
        mentee_ids = bulk.insert_rows(
            MenteeProfile,
            ["participant", "organization", "form", "status", "priority", "notes", "created_at"],
            [(pk, org, None, "new", 1, "", now) for pk, _r in mentee_rows],
            with_ids=True,
        )
        mentor_ids = bulk.insert_rows(
            MentorProfile,
            [
                "participant",
                "organization",
                "origin",
                "partner",
                "capacity",
                "availability",
                "experience",
                "status",
                "created_at",
            ],
            [(pk, org, "staff", None, int(r[11] or 1), "[]", "", "potential", now) for pk, r in mentor_rows],
            with_ids=True,
        )
        bulk.insert_rows(
            MenteeRequest,
            ["mentee", "organization", "topic", "text", "source", "priority", "created_at"],
            [
                (pid, org, None, t.strip(), "other", 1, now)
                for pid, (_pk, r) in zip(mentee_ids, mentee_rows, strict=True)
                for t in r[9].replace(";", ",").split(",")
                if t.strip()
            ],
        )
        bulk.insert_rows(
            MentorCompetence,
            ["mentor", "organization", "title", "topic"],
            [
                (pid, org, t.strip(), None)
                for pid, (_pk, r) in zip(mentor_ids, mentor_rows, strict=True)
                for t in r[10].replace(";", ",").split(",")
                if t.strip()
            ],
        )
    return len(people)


def _floor_with_history(organization, data: bytes) -> int:
    return _floor(organization, data, with_history=True)


# --- the driver ------------------------------------------------------------------------------------------
def _pg(url_admin: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url_admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def run_database(kind: str, url: str, csv_path: str, repeat: int, with_history: bool) -> dict:
    env = dict(os.environ, DATABASE_URL=url, DEBUG="1")
    out = subprocess.run(
        [sys.executable, __file__, "--worker", csv_path, "--repeat", str(repeat)]
        + (["--with-history"] if with_history else []),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--with-history", action="store_true", help="also time bulk_create_with_history")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--worker", metavar="CSV")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.repeat, args.with_history)))
        return 0

    started = time.perf_counter()
    data = generate_csv(args.rows)
    print(f"generated {args.rows:,} rows ({len(data) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    targets = []
    if args.database_url in ("", "sqlite") or args.database_url.startswith("sqlite"):
        targets.append("sqlite")
    if args.database_url in ("",) or args.database_url.startswith("postgres"):
        targets.append("postgres")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = str(Path(tmp) / "participants.csv")
        Path(csv_path).write_bytes(data)
        for kind in targets:
            if kind == "sqlite":
                db_file = ROOT / "var" / "bench_participants.sqlite3"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db_file}{suffix}").unlink(missing_ok=True)
                url = f"sqlite:///{db_file}"
                try:
                    result = run_database(kind, url, csv_path, args.repeat, args.with_history)
                finally:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            else:
                admin = args.database_url if args.database_url.startswith("postgres") else PG_ADMIN_URL
                base = admin.rsplit("/", 1)[0]
                try:
                    _pg(admin, f'DROP DATABASE IF EXISTS "{PG_DB}"')
                    _pg(admin, f'CREATE DATABASE "{PG_DB}"')
                except Exception as exc:  # noqa: BLE001 - report and go on with the other database
                    print(f"postgres: skipped ({exc.__class__.__name__}: {exc})")
                    continue
                try:
                    result = run_database(kind, f"{base}/{PG_DB}", csv_path, args.repeat, args.with_history)
                finally:
                    _pg(admin, f'DROP DATABASE IF EXISTS "{PG_DB}"')
            ratio = result["import"] / result["fast"]
            ok = result["import"] < BUDGET_SECONDS and ratio <= BUDGET_RATIO
            failures += not ok
            print(
                f"{result['vendor']:>10}: import {result['import']:.2f} s ({result['created']:,} participants); "
                f"floor (COPY/executemany, no validation) {result['fast']:.2f} s, ratio {ratio:.2f}x; "
                f"floor (plain bulk_create) {result['floor']:.2f} s, ratio {result['import'] / result['floor']:.2f}x"
                + (
                    f"; bulk_create with per-row history {result['history']:.2f} s"
                    if "history" in result
                    else ""
                )
                + f" — {'OK' if ok else 'OVER BUDGET'} (budget {BUDGET_SECONDS:.0f} s and {BUDGET_RATIO:.0f}x the floor)"
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
