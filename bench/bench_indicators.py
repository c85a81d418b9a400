"""Benchmark the indicators of a whole region: `indicators_by_organization` over 1,000 organizations.

Run from the repository root (PostgreSQL is the target: the region's installation)::

    DEBUG=1 .venv/bin/python bench/bench_indicators.py --database-url postgres://postgres@127.0.0.1:5432/x \
        [--organizations 1000] [--people 1000] [--repeat 5]

The script makes its own fresh database (the PostgreSQL database ``bench_indicators``, created and dropped;
or a throw-away SQLite file with ``--database-url sqlite``), migrates it and bulk-creates N organizations of
M participants each (70 % pupils aged 7–17, 6 % teachers of whom some young specialists, the rest staff), with
per organization 40 pairings of the year (a teacher with 5 pupils, plus young specialists as mentees), one
held meeting per pairing with feedback from most mentees, and a contingent. It prints the number of SQL
queries and the median wall time of the indicators of all organizations at once (target < 500 ms on
PostgreSQL at 1,000 × 1,000), and of one organization.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

import _common  # bench/ (the script's folder) is on sys.path

PG_DB = "bench_indicators"
BATCH = 5000


def _fill(n_orgs: int, n_people: int, year: int) -> list[int]:
    from django.utils import timezone

    from nastavnik.mentoring.models import Feedback, Meeting, Pairing, PairingMember
    from nastavnik.methodology.models import MentoringForm
    from nastavnik.monitoring.models import Contingent
    from nastavnik.organizations.models import Municipality, Organization, Region
    from nastavnik.participants.models import MenteeProfile, MentorProfile, Participant

    tz = timezone.get_current_timezone()
    region = Region.objects.create(name="Регион", slug="region")
    municipality = Municipality.objects.create(region=region, name="Округ", slug="mun")
    orgs = Organization.objects.bulk_create(
        [
            Organization(
                municipality=municipality, short_name=f"Школа {i}", full_name=f"Школа {i}", slug=f"s{i}"
            )
            for i in range(n_orgs)
        ]
    )
    form = MentoringForm.objects.filter(organization__isnull=True).first() or MentoringForm.objects.first()
    approved = dt.datetime(year, 10, 1, 12, tzinfo=tz)
    held_at = dt.datetime(year, 11, 1, 15, tzinfo=tz)
    n_pupils, n_teachers = int(n_people * 0.7), max(45, int(n_people * 0.06))
    for org in orgs:
        people = []
        for k in range(n_people):
            if k < n_pupils:
                category, born, experience = "pupil", dt.date(year - 7 - k % 11, 3, 1), None
            elif k < n_pupils + n_teachers:
                category, born, experience = "teacher", dt.date(year - 40, 3, 1), (k % 20)
            else:
                category, born, experience = "staff", dt.date(year - 45, 3, 1), None
            people.append(
                Participant(
                    organization=org,
                    last_name=f"Ф{k}",
                    first_name="И",
                    category=category,
                    birth_date=born,
                    experience_years=experience,
                )
            )
        Participant.objects.bulk_create(people, batch_size=BATCH)
        pupils = [p for p in people if p.category == "pupil"][:200]
        teachers = [p for p in people if p.category == "teacher"]
        mentors = MentorProfile.objects.bulk_create(
            [MentorProfile(organization=org, participant=t) for t in teachers[:40]], batch_size=BATCH
        )
        young = [t for t in teachers[40:] if (t.experience_years or 0) <= 3]
        mentees = MenteeProfile.objects.bulk_create(
            [MenteeProfile(organization=org, participant=p) for p in pupils + young], batch_size=BATCH
        )
        pairings = Pairing.objects.bulk_create(
            [Pairing(organization=org, mentor=m, form=form, approved_at=approved) for m in mentors],
            batch_size=BATCH,
        )
        members = PairingMember.objects.bulk_create(
            [
                PairingMember(organization=org, pairing=pairings[i % len(pairings)], mentee=mentee)
                for i, mentee in enumerate(mentees)
            ],
            batch_size=BATCH,
        )
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(organization=org, pairing=p, kind="working", starts_at=held_at, status="held")
                for p in pairings
            ],
            batch_size=BATCH,
        )
        meeting_of = {m.pairing_id: m for m in meetings}
        Feedback.objects.bulk_create(
            [
                Feedback(
                    organization=org,
                    meeting=meeting_of[member.pairing_id],
                    participant=member.mentee.participant,
                    usefulness=8,
                    comfort=9,
                )
                for n, member in enumerate(members)
                if n % 7
            ],
            batch_size=BATCH,
        )
        Contingent.objects.create(
            organization=org,
            academic_year=year,
            learners_total=n_pupils,
            learners_in_age=int(n_pupils * 0.7),
            teachers_total=n_teachers,
            young_specialists_total=len(young),
        )
    return [o.pk for o in orgs]


def run(args) -> int:
    from django.db import connection
    from django_scopes import scopes_disabled

    from nastavnik.monitoring.indicators import indicators_by_organization

    year = 2025
    started = time.perf_counter()
    with scopes_disabled():
        ids = _fill(args.organizations, args.people, year)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(
        f"{connection.vendor}: {args.organizations} organizations × {args.people} participants "
        f"(filled in {time.perf_counter() - started:.0f} s)"
    )
    for label, subset in (("all organizations", ids), ("one organization", ids[:1])):
        indicators_by_organization(subset, year)  # warm up
        times = []
        slowest: list[tuple[float, str]] = []

        def timed(execute, sql, params, many, context, slowest=slowest):
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                slowest.append((time.perf_counter() - t0, sql[:90]))

        for _ in range(args.repeat):
            slowest.clear()
            with connection.execute_wrapper(timed):
                t0 = time.perf_counter()
                answer = indicators_by_organization(subset, year)
                times.append(time.perf_counter() - t0)
        first = answer[subset[0]][0]
        print(
            f"  indicators of {label}: median {statistics.median(times) * 1000:.0f} ms wall, "
            f"{len(slowest)} queries (learners_involved of the first: {first.numerator:.0f}/{first.denominator})"
        )
        for seconds, sql in sorted(slowest, reverse=True)[:3]:
            print(f"    {seconds * 1000:.0f} ms  {sql}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    return _common.run_on_fresh_database(args.database_url, PG_DB, lambda: run(args))


if __name__ == "__main__":
    raise SystemExit(main())
