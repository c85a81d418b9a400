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
import time
from contextlib import contextmanager

import _common  # bench/ (the script's folder) is on sys.path

ROOT = _common.ROOT

PG_DB = "bench_pairings"
SQLITE_FILE = ROOT / "var" / "bench_pairings.sqlite3"


def _prepare_database(url: str | None):
    """Kept for bench_dashboard.py, which sets PG_DB and SQLITE_FILE first and calls it."""
    return _common.fresh_database(url, PG_DB, SQLITE_FILE)


@contextmanager
def _queries(connection):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        yield captured


def _fill(n_pairings: int):
    from django.utils import timezone

    from nastavnik.accounts.models import User
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
    from nastavnik.participants.models import Consent, MenteeProfile, MentorProfile, Participant

    organization, curator = _common.school_with_curator()
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
    from django_scopes import scopes_disabled

    from nastavnik.mentoring.reminders import run_work_reminders

    # No setup_test_environment() (as in bench_dashboard.py): its test renderer sends a signal per template
    # rendered and has the test client copy every context, which no server does. main() lets the test client's
    # host in and keeps the reminders' letters in memory (what that function did for mail).
    started = time.perf_counter()
    with scopes_disabled():
        organization, curator, n_meetings, n_feedback = _fill(args.pairings)
    print(
        f"{connection.vendor}: {args.pairings} pairings, {n_meetings} meetings, {n_feedback} feedback "
        f"(filled in {time.perf_counter() - started:.1f} s)"
    )
    client = _common.client_of(curator)
    for label, query in (("all pairings", ""), ("needs attention", "?attention=1")):
        url = f"/o/{organization.slug}/pairings/{query}"
        client.get(url)  # warm up
        times, cpu, counts = [], [], []
        for _ in range(args.repeat):
            with _queries(connection) as captured:
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            assert response.status_code == 200, response.status_code
            counts.append(len(captured))
        print(
            f"  list ({label}): median {statistics.median(times) * 1000:.0f} ms wall, "
            f"{statistics.median(cpu) * 1000:.0f} ms CPU of this process, {counts[0]} queries"
        )
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    for attempt in ("first", "second"):
        with _queries(connection) as captured:
            t0 = time.perf_counter()
            c0 = time.process_time()
            sent = run_work_reminders()
            seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"  reminders ({attempt} run): {sent} sent in {seconds:.2f} s wall, {cpu_seconds:.2f} s CPU, "
            f"{len(captured)} queries"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument("--pairings", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print where the list page spends its time")
    args = parser.parse_args(argv)
    return _common.run_on_fresh_database(
        args.database_url,
        PG_DB,
        lambda: run(args),
        sqlite=SQLITE_FILE,
        test_client=True,
        EMAIL_URL="memory://",  # Django's locmem backend: thousands of reminders neither printed nor sent
    )


if __name__ == "__main__":
    raise SystemExit(main())
