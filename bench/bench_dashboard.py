"""Benchmark the programme's dashboard at the size of a large organization.

Run from the repository root::

    DEBUG=1 .venv/bin/python bench/bench_dashboard.py [--database-url sqlite|postgres://...] [--pairings 2000]
        [--participants 5000] [--repeat 5]

Fills a fresh database with the organization of bench/bench_pairings.py (N pairings with meetings, feedback and
plans) plus mentees waiting in the base (pupils, half of them without consent) up to the given number of
participants, a roadmap of 60 activities (some overdue), the contingent of the current year, targets and a few
risks. It prints, for the dashboard page (``/o/<org>/dashboard/``) and the start page of its curator: the SQL
queries and the median server time measured in-process with Django's test client (target < 300 ms on SQLite):
wall-clock and the CPU time of this process, which SQLite runs in (on a shared, loaded machine the wall time
mostly measures the wait for a core).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_pairings  # noqa: E402 - the builders of the pairs' benchmark

bench_pairings.PG_DB = "bench_dashboard"
bench_pairings.SQLITE_FILE = ROOT / "var" / "bench_dashboard.sqlite3"


def _add_programme(organization, curator, n_participants: int) -> None:
    from django.utils import timezone

    from nastavnik.monitoring.models import Contingent, RegionalTarget
    from nastavnik.participants.models import Consent, MenteeProfile, Participant
    from nastavnik.roadmaps.models import Activity, Programme, ProgrammeTarget, Risk, Roadmap, Stage
    from nastavnik.roadmaps.queries import current_academic_year

    year = current_academic_year()
    today = timezone.localdate()
    have = Participant.objects.filter(organization=organization).count()
    extra = max(0, n_participants - have)
    pupils = Participant.objects.bulk_create(
        [
            Participant(
                organization=organization,
                last_name=f"Ученик{i:05d}",
                first_name="Имя",
                category="pupil",
                birth_date=today - dt.timedelta(days=365 * 13),
            )
            for i in range(extra)
        ],
        batch_size=1000,
    )
    Consent.objects.bulk_create(
        [
            Consent(participant=p, organization=organization, kind="personal_data", given_by="parent")
            for p in pupils[::2]
        ],
        batch_size=1000,
    )
    MenteeProfile.objects.bulk_create(
        [MenteeProfile(participant=p, organization=organization, status="in_base") for p in pupils],
        batch_size=1000,
    )
    programme = Programme.objects.create(
        organization=organization, title="Программа", academic_year_from=year - 2, academic_year_to=year + 2
    )
    ProgrammeTarget.objects.create(
        organization=organization,
        programme=programme,
        text="70 % обучающихся",
        percent=70,
        by=dt.date(year + 1, 5, 31),
        indicator_code="learners_involved",
    )
    roadmap = Roadmap.objects.create(
        organization=organization, programme=programme, title="Дорожная карта", academic_year=year
    )
    stage = Stage.objects.create(organization=organization, roadmap=roadmap, title="Этап", position=1)
    Activity.objects.bulk_create(
        [
            Activity(
                organization=organization,
                roadmap=roadmap,
                stage=stage,
                position=i,
                title=f"Мероприятие {i}",
                status="done" if i % 3 == 0 else "planned",
                deadline_text="срок",
                deadline_start=today + dt.timedelta(days=i * 3 - 90),
                deadline_end=today + dt.timedelta(days=i * 3 - 80),
            )
            for i in range(60)
        ]
    )
    Contingent.objects.create(
        organization=organization,
        academic_year=year,
        learners_total=6000,
        learners_in_age=5000,
        teachers_total=3000,
        young_specialists_total=2500,
    )
    RegionalTarget.objects.create(
        region=organization.municipality.region, code="teachers_mentoring", academic_year=year, percent=50
    )
    Risk.objects.bulk_create(
        [
            Risk(
                organization=organization,
                roadmap=roadmap,
                position=i,
                risk=f"Риск {i}",
                probability=1 + i % 3,
            )
            for i in range(12)
        ]
    )


def _sections(organization, repeat: int) -> None:
    """CPU time of each part of the dashboard, called directly (no request)."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from nastavnik.dashboard import figures
    from nastavnik.dashboard.indicators import indicator_section
    from nastavnik.roadmaps.queries import current_academic_year

    now, today = timezone.now(), timezone.localdate()
    parts = {
        "roadmap": lambda: figures._roadmaps(organization, today),
        "bases": lambda: figures._bases(organization),
        "pairings": lambda: figures._pairings(organization, now),
        "all figures": lambda: figures.programme_dashboard(organization),
        "indicators (4 years)": lambda: indicator_section(organization, current_academic_year()),
    }
    with scopes_disabled():
        for name, call in parts.items():
            cpu = []
            for _ in range(repeat):
                c0 = time.process_time()
                call()
                cpu.append(time.process_time() - c0)
            print(f"  part {name}: median {statistics.median(cpu) * 1000:.0f} ms CPU")


def run(args) -> int:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django_scopes import scopes_disabled

    # No setup_test_environment(): it swaps in the test renderer, which sends a signal per template rendered and
    # has the test client copy every context — about 140 ms per dashboard (it renders many partials) that a
    # server never spends. The client needs only the host allowed.
    settings.ALLOWED_HOSTS = ["testserver"]
    started = time.perf_counter()
    with scopes_disabled():
        organization, curator, n_meetings, n_feedback = bench_pairings._fill(args.pairings)
        _add_programme(organization, curator, args.participants)
        from nastavnik.participants.models import Participant

        n_people = Participant.objects.filter(organization=organization).count()
    print(
        f"{connection.vendor}: {n_people} participants, {args.pairings} pairings, {n_meetings} meetings, "
        f"{n_feedback} feedback (filled in {time.perf_counter() - started:.1f} s)"
    )
    if args.sections:
        _sections(organization, args.repeat)
    client = Client()
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    for label, url in (("dashboard page", f"/o/{organization.slug}/dashboard/"), ("start page", "/")):
        client.get(url)  # warm up
        times, cpu, counts = [], [], []
        for _ in range(args.repeat):
            with bench_pairings._queries(connection) as captured:
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            assert response.status_code == 200, response.status_code
            counts.append(len(captured))
        print(
            f"  {label}: median {statistics.median(times) * 1000:.0f} ms wall, "
            f"{statistics.median(cpu) * 1000:.0f} ms CPU of this process (SQLite runs in it), {counts[0]} queries; "
            f"wall min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f} ms"
        )
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats("nastavnik|sqlite3|execute", 40)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument("--pairings", type=int, default=2000)
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sections", action="store_true", help="time each part of the dashboard")
    parser.add_argument("--profile", action="store_true", help="print where the dashboard spends its time")
    args = parser.parse_args(argv)
    url, drop = bench_pairings._prepare_database(None if args.database_url == "sqlite" else args.database_url)
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
