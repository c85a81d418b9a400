"""Benchmark the pairs' work at the size of a large organization: the curator's list and the reminders.

Run from the repository root::

    .venv/bin/python bench/bench_pairings.py [--database-url sqlite|postgres://...] [--pairings 2000] [--repeat 5]

The script makes its own fresh database (a throw-away SQLite file under var/, or the PostgreSQL database
``bench_pairings`` that it creates and drops), migrates it and bulk-creates an organization with N pairings
(one mentee each), 10 meetings per pairing (20,000 at the default size: held, scheduled, cancelled) with
feedback, and a plan with tasks per pairing. It prints:

1. the curator's list of all pairings (``/o/<org>/pairings/``, sorted by attention, first page): SQL
   queries and median server time measured in-process with Django's test client (target < 300 ms on SQLite);
2. the same with the "needs attention" filter;
3. one run of the reminders task over every pairing: queries, reminders sent and time (target < 10 s), and a
   second run (nothing is sent twice).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_DB = "bench_pairings"
SQLITE_FILE = ROOT / "var" / "bench_pairings.sqlite3"


def _prepare_database(url: str | None):
    if url and url.startswith("postgres"):
        import psycopg

        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
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


@contextmanager
def _queries(connection):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        yield captured


def _fill(n_pairings: int):
    from django.utils import timezone

    from nastavnik.accounts.models import Membership, Role, User
    from nastavnik.mentoring.models import (
        DevelopmentPlan,
        Feedback,
        Goal,
        Meeting,
        Pairing,
        PairingMember,
        PlanTask,
    )
    from nastavnik.methodology.models import MentoringForm
    from nastavnik.organizations.models import Municipality, Organization, Region
    from nastavnik.participants.models import Consent, MenteeProfile, MentorProfile, Participant

    region = Region.objects.create(name="Регион", slug="region")
    municipality = Municipality.objects.create(name="Округ", slug="okrug", region=region)
    organization = Organization.objects.create(
        municipality=municipality, full_name="Школа", short_name="Школа", slug="bench-school"
    )
    curator = User.objects.create_user("curator@bench.local", "x" * 16, last_name="Куратор", first_name="К")
    Membership.objects.create(user=curator, organization=organization, role=Role.CURATOR)
    form = MentoringForm.objects.get(organization__isnull=True, code="teacher-teacher")
    n_mentors = max(1, n_pairings // 3)
    mentor_users = User.objects.bulk_create(
        [
            User(email=f"mentor{i}@bench.local", last_name=f"Наставник{i}", first_name="Н")
            for i in range(n_mentors)
        ],
        batch_size=1000,
    )
    mentee_users = User.objects.bulk_create(
        [
            User(email=f"mentee{i}@bench.local", last_name=f"Наставляемый{i}", first_name="Н")
            for i in range(n_pairings)
        ],
        batch_size=1000,
    )
    people = Participant.objects.bulk_create(
        [
            Participant(
                organization=organization,
                last_name=f"Наставник{i:05d}",
                first_name="Имя",
                category="teacher",
                user=u,
            )
            for i, u in enumerate(mentor_users)
        ]
        + [
            Participant(
                organization=organization,
                last_name=f"Наставляемый{i:05d}",
                first_name="Имя",
                category="young_specialist",
                user=u,
            )
            for i, u in enumerate(mentee_users)
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
    mentors = MentorProfile.objects.bulk_create(
        [
            MentorProfile(participant=p, organization=organization, capacity=3, status="active")
            for p in people[:n_mentors]
        ],
        batch_size=1000,
    )
    mentees = MenteeProfile.objects.bulk_create(
        [
            MenteeProfile(participant=p, organization=organization, status="matched")
            for p in people[n_mentors:]
        ],
        batch_size=1000,
    )
    now = timezone.now()
    pairings = Pairing.objects.bulk_create(
        [
            Pairing(
                organization=organization,
                mentor=mentors[i % n_mentors],
                form=form,
                approved_at=now - dt.timedelta(days=120),
            )
            for i in range(n_pairings)
        ],
        batch_size=1000,
    )
    PairingMember.objects.bulk_create(
        [
            PairingMember(organization=organization, pairing=p, mentee=m)
            for p, m in zip(pairings, mentees, strict=True)
        ],
        batch_size=1000,
    )
    kinds = [
        "intro",
        "trial",
        "planning",
        "working",
        "working",
        "working",
        "working",
        "working",
        "working",
        "final",
    ]
    meetings = []
    for i, pairing in enumerate(pairings):
        for k, kind in enumerate(kinds):
            days = 110 - k * 12 - (i % 5) * 3  # some pairs went quiet weeks ago, some meet tomorrow
            status = "held" if days > 0 else "scheduled"
            if k == 6 and i % 7 == 0:
                status = "cancelled"
            meetings.append(
                Meeting(
                    organization=organization,
                    pairing=pairing,
                    kind=kind,
                    starts_at=now - dt.timedelta(days=days, hours=i % 24),
                    status=status,
                )
            )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=2000)
    feedback = []
    for i, meeting in enumerate(meetings):
        if meeting.status == "held" and i % 4:
            mentee = mentees[(i // len(kinds))]
            feedback.append(
                Feedback(
                    organization=organization,
                    meeting=meeting,
                    participant_id=mentee.participant_id,
                    usefulness=3 + i % 8,
                    comfort=4 + i % 7,
                )
            )
    Feedback.objects.bulk_create(feedback, batch_size=2000)
    plans = DevelopmentPlan.objects.bulk_create(
        [DevelopmentPlan(organization=organization, pairing=p) for p in pairings], batch_size=1000
    )
    goals = Goal.objects.bulk_create(
        [Goal(organization=organization, plan=plan, title="Цель") for plan in plans], batch_size=1000
    )
    today = timezone.localdate()
    PlanTask.objects.bulk_create(
        [
            PlanTask(
                organization=organization,
                goal=g,
                title=f"Задача {k}",
                due=today + dt.timedelta(days=k * 5 - 6),
                status="done" if k == 0 else "planned",
            )
            for g in goals
            for k in range(3)
        ],
        batch_size=2000,
    )
    return organization, curator, len(meetings), len(feedback)


def run(args) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django_scopes import scopes_disabled

    from nastavnik.mentoring.reminders import run_work_reminders

    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    started = time.perf_counter()
    with scopes_disabled():
        organization, curator, n_meetings, n_feedback = _fill(args.pairings)
    print(
        f"{connection.vendor}: {args.pairings} pairings, {n_meetings} meetings, {n_feedback} feedback "
        f"(filled in {time.perf_counter() - started:.1f} s)"
    )
    client = Client()
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    for label, query in (("all pairings", ""), ("needs attention", "?attention=1")):
        url = f"/o/{organization.slug}/pairings/{query}"
        client.get(url)  # warm up
        times, counts = [], []
        for _ in range(args.repeat):
            with _queries(connection) as captured:
                t0 = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
            counts.append(len(captured))
        print(f"  list ({label}): median {statistics.median(times) * 1000:.0f} ms, {counts[0]} queries")
    for attempt in ("first", "second"):
        with _queries(connection) as captured:
            t0 = time.perf_counter()
            sent = run_work_reminders()
            seconds = time.perf_counter() - t0
        print(f"  reminders ({attempt} run): {sent} sent in {seconds:.2f} s, {len(captured)} queries")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument("--pairings", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    url, drop = _prepare_database(None if args.database_url == "sqlite" else args.database_url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        return run(args)
    finally:
        drop()


if __name__ == "__main__":
    raise SystemExit(main())
