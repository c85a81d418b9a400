"""Benchmark the curator's main pages in-process: server time and SQL queries per page.

Run from the repository root::

    DEBUG=1 .venv/bin/python bench/bench_pages.py [--database-url sqlite|postgres://...] [--repeat 60]
        [--participants 2000] [--profile PAGE]

The script makes its own fresh database (a throw-away SQLite file under var/, or the PostgreSQL database
``bench_pages`` that it creates and drops), migrates it and loads the demo (``manage.py load_demo``, the data
``make run`` shows). Logged in as the demo curator with Django's test client (no network, no browser), it
warms every page up and then requests the pages round-robin ``--repeat`` times (so that a load spike on this
shared machine hits every page alike) and prints per page: the SQL queries, the median and the p90 server
time. Pages: the start page (for reference), the roadmap, the base of mentees, the base of mentors, matching
and the pairings.

Then it grows the demo school to ``--participants`` people (4 mentees to 1 mentor, each with consent, requests
or competences; a fifth of the mentees in pairings with meetings) and measures again: the query counts must
be the same (bounded; the bases' lists one COUNT more once they are longer than a page), the times show what a
large school costs.

``--profile PAGE`` (e.g. ``mentees``) prints the cProfile of 20 requests of that page at demo size instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_DB = "bench_pages"
SQLITE_FILE = ROOT / "var" / "bench_pages.sqlite3"
DEMO_COPY = ROOT / "var" / "bench_pages_demo.sqlite3"  # kept for --reuse
SCHOOL = "sosh5-edissiya"
CURATOR = "curator@demo.nastavnik.ru"
TOPICS = [
    "Дисциплина на уроке",
    "Работа с родителями",
    "Применение ИКТ",
    "Подготовка к аттестации",
    "Составление рабочей программы",
    "Классное руководство",
    "Проектная деятельность",
    "Профориентация",
]


def _prepare_database(url: str | None):
    """Create a fresh database; return its URL and a function that drops it."""
    if url and url.startswith("postgres"):
        import psycopg

        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")

        return url.rsplit("/", 1)[0] + f"/{PG_DB}", drop
    SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)

    def drop_file() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)

    drop_file()
    return f"sqlite:///{SQLITE_FILE}", drop_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--profile", default="")
    parser.add_argument("--demo-only", action="store_true", help="measure at demo size only")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="SQLite: start from a copy of the demo database of an earlier run",
    )
    args = parser.parse_args(argv)
    url, drop = _prepare_database(None if args.database_url == "sqlite" else args.database_url)
    args.cached = args.reuse and url.startswith("sqlite") and DEMO_COPY.exists()
    if args.cached:
        shutil.copyfile(DEMO_COPY, SQLITE_FILE)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    try:
        return run(args)
    finally:
        drop()


class _Count:
    """Counts the SQL statements of a block (whatever the DEBUG query log keeps)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def _pages() -> dict[str, str]:
    from django.urls import reverse

    return {
        "start page": reverse("core:home"),
        "roadmap": reverse("roadmaps:roadmap", args=[SCHOOL]),
        "mentees": reverse("participants:mentees", args=[SCHOOL]),
        "mentors": reverse("participants:mentors", args=[SCHOOL]),
        "matching": reverse("matching:index", args=[SCHOOL]),
        "pairings": reverse("mentoring:pairings", args=[SCHOOL]),
    }


def measure(client, repeat: int) -> dict[str, tuple[int, float, float, float, int]]:
    """Per page: (queries, median ms, p90 ms, median CPU ms, bytes); the pages are requested round-robin.

    The CPU time (``time.process_time``: this process only, so on SQLite it includes the database's work,
    on PostgreSQL it does not) is what the page costs the machine; the wall time also holds the waits for
    the other processes of a loaded machine."""
    from django.db import connection

    pages = _pages()
    queries: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for name, url in pages.items():  # warm-up: templates compiled, caches filled
        for _ in range(3):
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counter = _Count()
        with connection.execute_wrapper(counter):
            response = client.get(url)
        queries[name] = counter.n
        sizes[name] = len(response.content)
    times: dict[str, list[float]] = {name: [] for name in pages}
    cpu: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(repeat):
        for name, url in pages.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
            times[name].append((time.perf_counter() - started) * 1000)
    result = {}
    for name, values in times.items():
        values.sort()
        p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
        result[name] = (
            queries[name],
            statistics.median(values),
            p90,
            statistics.median(cpu[name]),
            sizes[name],
        )
    return result


def _print(title: str, figures: dict[str, tuple[int, float, float, float, int]]) -> None:
    print()
    print(title)
    print(f"{'page':<12} {'queries':>8} {'median, ms':>11} {'p90, ms':>8} {'CPU median, ms':>15} {'KiB':>6}")
    for name, (queries, median, p90, cpu, size) in figures.items():
        print(f"{name:<12} {queries:>8} {median:>11.1f} {p90:>8.1f} {cpu:>15.1f} {size / 1024:>6.0f}")


def grow(total: int) -> None:
    """Grow the demo school to `total` participants: 4 mentees to 1 mentor, pairings for a fifth of them."""
    from django.db import transaction
    from django.utils import timezone

    from nastavnik.mentoring.models import Meeting, Pairing, PairingMember
    from nastavnik.methodology.models import MentoringForm
    from nastavnik.organizations.models import Organization
    from nastavnik.participants.models import (
        Consent,
        MenteeProfile,
        MenteeRequest,
        MentorCompetence,
        MentorProfile,
        Participant,
    )

    organization = Organization.objects.get(slug=SCHOOL)
    missing = total - Participant.objects.filter(organization=organization).count()
    if missing <= 0:
        return
    n_mentors = missing // 5
    n_mentees = missing - n_mentors
    form = MentoringForm.objects.get(organization__isnull=True, code="teacher-teacher")
    now = timezone.now()
    with transaction.atomic():
        people = Participant.objects.bulk_create(
            [
                Participant(
                    organization=organization,
                    last_name=f"Фамилия{i:05d}",
                    first_name="Имя",
                    patronymic="Отчество",
                    category="teacher",
                    subject="Математика",
                    birth_date=dt.date(1990, 1, 1) + dt.timedelta(days=i),
                    experience_years=(i * 7) % 35,
                    gender="female" if i % 3 else "male",
                )
                for i in range(missing)
            ],
            batch_size=1000,
        )
        Consent.objects.bulk_create(
            [
                Consent(participant=p, organization=organization, kind="personal_data", given_by="self")
                for p in people
            ],
            batch_size=1000,
        )
        mentees = MenteeProfile.objects.bulk_create(
            [
                MenteeProfile(participant=p, organization=organization, form=form, status="in_base")
                for p in people[:n_mentees]
            ],
            batch_size=1000,
        )
        mentors = MentorProfile.objects.bulk_create(
            [
                MentorProfile(participant=p, organization=organization, capacity=5, status="active")
                for p in people[n_mentees:]
            ],
            batch_size=1000,
        )
        MenteeRequest.objects.bulk_create(
            [
                MenteeRequest(mentee=m, organization=organization, text=TOPICS[(i + k * 3) % len(TOPICS)])
                for i, m in enumerate(mentees)
                for k in range(2)
            ],
            batch_size=1000,
        )
        MentorCompetence.objects.bulk_create(
            [
                MentorCompetence(mentor=m, organization=organization, title=TOPICS[(i * 2 + k) % len(TOPICS)])
                for i, m in enumerate(mentors)
                for k in range(3)
            ],
            batch_size=1000,
        )
        through = MentorProfile.forms.through
        through.objects.bulk_create([through(mentorprofile=m, mentoringform=form) for m in mentors])
        paired = mentees[: len(mentees) // 5]
        MenteeProfile.objects.filter(pk__in=[m.pk for m in paired]).update(status="matched")
        pairings = Pairing.objects.bulk_create(
            [
                Pairing(
                    organization=organization,
                    mentor=mentors[i % len(mentors)],
                    form=form,
                    approved_at=now - dt.timedelta(days=60),
                )
                for i in range(len(paired))
            ],
            batch_size=1000,
        )
        PairingMember.objects.bulk_create(
            [
                PairingMember(organization=organization, pairing=p, mentee=m)
                for p, m in zip(pairings, paired, strict=True)
            ],
            batch_size=1000,
        )
        Meeting.objects.bulk_create(
            [
                Meeting(
                    organization=organization,
                    pairing=p,
                    kind=kind,
                    starts_at=now + dt.timedelta(days=days, hours=i % 24),
                    status="held" if days < 0 else "scheduled",
                )
                for i, p in enumerate(pairings)
                for kind, days in (("intro", -40), ("trial", -20), ("planning", 7))
            ],
            batch_size=1000,
        )


def run(args) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django_scopes import scopes_disabled

    from nastavnik.accounts.models import User
    from nastavnik.participants.models import Participant

    print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not args.cached:
        with scopes_disabled():
            call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        if connection.vendor == "sqlite":
            connection.close()
            shutil.copyfile(SQLITE_FILE, DEMO_COPY)
    print(f"migrate + load_demo: {time.perf_counter() - started:.1f} s")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # DEBUG=1 only supplies the development key: measure without query logging
    from django.template import engines

    engines["django"].engine.debug = False  # and render templates as production does (no debug annotations)

    client = Client()
    with scopes_disabled():
        curator = User.objects.get(email=CURATOR)
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")

    if args.profile:
        import cProfile
        import pstats

        url = _pages()[args.profile]
        for _ in range(3):
            client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(70)
        stats.sort_stats("cumulative").print_stats("nastavnik/", 60)
        stats.sort_stats("tottime").print_stats(30)
        return 0

    with scopes_disabled():
        demo_people = Participant.objects.count()
    demo = measure(client, args.repeat)
    _print(f"Demo size ({demo_people} participants in the database), {args.repeat} rounds:", demo)

    if args.demo_only:
        return 0
    with scopes_disabled():
        grow(args.participants)
        large_people = Participant.objects.filter(organization__slug=SCHOOL).count()
    large = measure(client, max(10, args.repeat // 3))
    _print(
        f"Large school ({large_people} participants in the demo school), {max(10, args.repeat // 3)} rounds:",
        large,
    )

    # A list longer than its first page also needs its COUNT (core.pagination): one query more, not more.
    extra = {"mentees": 1, "mentors": 1}
    bounded = all(demo[name][0] <= large[name][0] <= demo[name][0] + extra.get(name, 0) for name in demo)
    print()
    print(f"query counts bounded (the same at both sizes, the bases' lists one COUNT more): {bounded}")
    return 0 if bounded else 1


if __name__ == "__main__":
    raise SystemExit(main())
