"""Benchmark matching on the database: problem building, runs, the run page and approval at growing sizes.

Run from the repository root::

    .venv/bin/python bench/bench_matching_web.py [--database-url sqlite|postgres://...] [--repeat 3]

The script makes its own fresh database — a throw-away SQLite file under var/ (default), or the
PostgreSQL database ``bench_matching_web`` that it creates and drops — and migrates it. For bases of
300 × 60 and 2,000 × 400 (mentees × mentors; requests, competences, forms, consents) it prints:

1. ``build_problem``: SQL queries (must not grow) and median time, split into loading and fit;
2. ``run_matching`` in both modes (build + solve + report + store);
3. the run page, the compare page and the index page: queries and median time;
4. ``approve_run`` of the optimal run: pairings, members, assignments, statuses and the Word order.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time

import _common  # bench/ (the script's folder) is on sys.path

ROOT = _common.ROOT

PG_DB = "bench_matching_web"
MEDIA_DIR = ROOT / "var" / "bench_matching_web_media"  # the generated orders
SIZES = ((300, 60), (2000, 400))
TOPICS = [
    "Дисциплина на уроке",
    "Работа с родителями",
    "Применение ИКТ",
    "Подготовка к аттестации",
    "Составление рабочей программы",
    "Классное руководство",
    "Подготовка обучающихся к ГИА",
    "Проектная деятельность",
    "Профориентация",
    "Адаптация в коллективе",
]
SUBJECTS = ["Математика", "Информатика", "Русский язык", "История", "Химия", "Начальные классы"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        return _common.run_on_fresh_database(args.database_url, PG_DB, lambda: run(args), migrate=False)
    finally:
        shutil.rmtree(MEDIA_DIR, ignore_errors=True)


def _median(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _fill(organization, n_mentees: int, n_mentors: int) -> None:
    """Bulk-create a base: each mentee 2 requests, each mentor 3 competences, all with consent."""
    from nastavnik.methodology.models import MentoringForm
    from nastavnik.participants.models import (
        Consent,
        MenteeProfile,
        MenteeRequest,
        MentorCompetence,
        MentorProfile,
        Participant,
    )

    form = MentoringForm.objects.get(organization__isnull=True, code="teacher-teacher")
    people = Participant.objects.bulk_create(
        [
            Participant(
                organization=organization,
                last_name=f"Фамилия{i:05d}",
                first_name="Имя",
                patronymic="Отчество",
                category="teacher",
                subject=SUBJECTS[i % len(SUBJECTS)],
                experience_years=(i * 7) % 35,
                gender="female" if i % 3 else "male",
            )
            for i in range(n_mentees + n_mentors)
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
            MentorProfile(
                participant=p,
                organization=organization,
                capacity=5,
                status="active",
                availability=[["пн", "вт", "ср", "чт", "пт"][i % 5] + " 15:00–17:00"],
            )
            for i, p in enumerate(people[n_mentees:])
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
    through.objects.bulk_create(
        [through(mentorprofile=m, mentoringform=form) for m in mentors], batch_size=1000
    )


def run(args) -> int:
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from nastavnik.accounts.models import Membership, Role, User
    from nastavnik.matching import services
    from nastavnik.methodology.models import MentoringForm
    from nastavnik.organizations.models import Municipality, Organization, Region

    print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.MEDIA_ROOT = MEDIA_DIR

    with scopes_disabled():
        region = Region.objects.create(name="Регион", slug="bench-region")
        municipality = Municipality.objects.create(region=region, name="Округ", slug="bench-mun")
        services.build_problem(
            Organization.objects.create(
                municipality=municipality, full_name="x", short_name="x", slug="warm-up"
            )
        )  # pymorphy3 loads its dictionaries once per process
        for n_mentees, n_mentors in SIZES:
            slug = f"bench-{n_mentees}"
            organization = Organization.objects.create(
                municipality=municipality,
                full_name=f"Школа на {n_mentees} наставляемых",
                short_name=f"Школа {n_mentees}",
                slug=slug,
            )
            curator = User.objects.create_user(
                f"curator-{n_mentees}@bench.local", "bench-pass-1", last_name="Куратор", first_name="К"
            )
            Membership.objects.create(user=curator, organization=organization, role=Role.CURATOR)
            started = time.perf_counter()
            _fill(organization, n_mentees, n_mentors)
            print(
                f"\n{n_mentees} mentees x {n_mentors} mentors (capacity 5): base filled in {time.perf_counter() - started:.1f} s"
            )

            with _common.count_queries(connection) as queries:
                services.build_problem(organization)
            load_time, _ = _median(lambda org=organization: services.load_bases(org), args.repeat)
            build_time, data = _median(lambda org=organization: services.build_problem(org), args.repeat)
            print(
                f"  build_problem: {len(queries)} queries, median {build_time:.3f} s "
                f"(loading the bases {load_time:.3f} s); matrix {data.problem.scores.shape}"
            )
            runs = {}
            for mode in ("optimal", "stable"):
                seconds, run = _median(
                    lambda org=organization, mode=mode, user=curator: services.run_matching(
                        org, mode, acting_user=user
                    ),
                    args.repeat,
                )
                runs[mode] = run
                print(
                    f"  run_matching({mode}): median {seconds:.3f} s; pairs {run.pairs_count}, "
                    f"total fit {run.total_score:.1f}, blocking pairs {run.blocking_pairs}"
                )

            client = Client()
            client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
            client.get("/")
            pages = {
                "run page": reverse("matching:run", args=[slug, runs["optimal"].pk]),
                "compare page": reverse("matching:compare", args=[slug])
                + f"?optimal={runs['optimal'].pk}&stable={runs['stable'].pk}",
                "index page": reverse("matching:index", args=[slug]),
            }
            for label, url in pages.items():
                with _common.count_queries(connection) as queries:
                    response = client.get(url)
                assert response.status_code == 200, (label, response.status_code)
                seconds, _ = _median(lambda url=url, client=client: client.get(url), args.repeat)
                print(
                    f"  {label}: {len(queries)} queries, median {seconds:.3f} s, {len(response.content) // 1024} KiB"
                )

            form = MentoringForm.objects.get(organization__isnull=True, code="teacher-teacher")
            started = time.perf_counter()
            with _common.count_queries(connection) as queries:
                order = services.approve_run(
                    runs["optimal"], f"{n_mentees}-од", dt.date(2025, 9, 1), form, acting_user=curator
                )
            print(
                f"  approve_run: {time.perf_counter() - started:.2f} s, {len(queries)} queries, "
                f"order {order.file.size // 1024} KiB"
            )
            with _common.count_queries(connection) as queries:
                response = client.get(reverse("mentoring:pairings", args=[slug]))
            seconds, _ = _median(
                lambda slug=slug, client=client: client.get(reverse("mentoring:pairings", args=[slug])),
                args.repeat,
            )
            print(f"  pairings page (50 per page): {len(queries)} queries, median {seconds:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
