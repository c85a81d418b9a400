"""Benchmark the public page: built (after a change) and cached, at an organization of 2,000 pairings, and the
regional honor board over many organizations.

Run from the repository root::

    DEBUG=1 .venv/bin/python bench/bench_public.py [--pairings 2000] [--organizations 200] [--repeat 7]

It makes a throw-away SQLite database under var/ (or uses DATABASE_URL if it names a database you may wipe),
migrates it, fills it with bulk inserts and prints, with the number of queries:
1. /p/<slug>/ built from the database (the version bumped before each request, as after any change);
2. /p/<slug>/ served from the cache;
3. the Atom feed (built);
4. /p/region/<slug>/ with N published organizations, each with two mentors on its honor board, built and cached.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import _common  # bench/ (the script's folder) is on sys.path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairings", type=int, default=2000)
    parser.add_argument("--organizations", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or _common.fresh_database(None, "bench_public")[0]
    _common.setup_django(url, migrate=True, test_client=True)
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    _run(args.pairings, args.organizations, args.repeat)


def _timed(client, url: str, repeat: int, before=None) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, status = [], 0, 0
    for _ in range(repeat):
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        queries, status = len(captured.captured_queries), response.status_code
    return statistics.median(times) * 1000, queries, status


def _school(region, n: int, pairings: int):
    from django.utils import timezone

    from nastavnik.mentoring.models import Pairing, PairingMember
    from nastavnik.methodology.models import MentoringForm
    from nastavnik.organizations.models import Municipality, Organization
    from nastavnik.participants.models import Consent, MenteeProfile, MentorProfile, Participant
    from nastavnik.public.models import HonorBoardEntry, NewsItem, PublicPage

    municipality, _ = Municipality.objects.get_or_create(
        region=region, slug=f"bench-mun-{region.pk}", defaults={"name": "Округ"}
    )
    org = Organization.objects.create(
        municipality=municipality, short_name=f"Школа {n}", full_name=f"Школа № {n}", slug=f"bench-{n}"
    )
    PublicPage.objects.create(organization=org, is_published=True, intro="Программа")
    mentors_n = max(2, pairings // 2)
    people = Participant.objects.bulk_create(
        [
            Participant(
                organization=org,
                last_name=f"Наставник{i}",
                first_name="Анна",
                category="teacher",
                birth_date=timezone.localdate().replace(year=1980),
            )
            for i in range(mentors_n)
        ]
        + [
            Participant(organization=org, last_name=f"Ученик{i}", first_name="Иван", category="pupil")
            for i in range(pairings)
        ]
    )
    mentor_people, pupils = people[:mentors_n], people[mentors_n:]
    mentors = MentorProfile.objects.bulk_create(
        [MentorProfile(organization=org, participant=p) for p in mentor_people]
    )
    mentees = MenteeProfile.objects.bulk_create(
        [MenteeProfile(organization=org, participant=p) for p in pupils]
    )
    forms = list(MentoringForm.objects.filter(organization__isnull=True)[:4])
    made = Pairing.objects.bulk_create(
        [
            Pairing(organization=org, mentor=mentors[i % mentors_n], form=forms[i % len(forms)])
            for i in range(pairings)
        ]
    )
    PairingMember.objects.bulk_create(
        [PairingMember(organization=org, pairing=p, mentee=m) for p, m in zip(made, mentees, strict=True)]
    )
    Consent.objects.bulk_create(
        [Consent(organization=org, participant=p, kind=Consent.Kind.PUBLICATION) for p in mentor_people[:2]]
    )
    HonorBoardEntry.objects.bulk_create(
        [
            HonorBoardEntry(organization=org, mentor=m, text="Наставник года", position=i)
            for i, m in enumerate(mentors[:2])
        ]
    )
    NewsItem.objects.bulk_create(
        [NewsItem(organization=org, title=f"Новость {i}", text="Текст") for i in range(40)]
    )
    return org


def _run(pairings: int, organizations: int, repeat: int) -> None:
    from django.test import Client
    from django_scopes import scopes_disabled

    from nastavnik.organizations.models import Region
    from nastavnik.public.services import touch

    with scopes_disabled():
        region = Region.objects.create(name="Бенч-край", slug="bench-region")
        start = time.perf_counter()
        school = _school(region, 0, pairings)
        for n in range(1, organizations):
            _school(region, n, 2)
        print(
            f"data: 1 school of {pairings} pairings + {organizations - 1} small ones in {time.perf_counter() - start:.1f} s"
        )
    client = Client()
    url = f"/p/{school.slug}/"
    built = _timed(client, url, repeat, before=lambda: touch(school.pk))
    cached = _timed(client, url, repeat)
    feed = _timed(client, f"/p/{school.slug}/news/feed/", repeat, before=lambda: touch(school.pk))
    board_built = _timed(client, f"/p/region/{region.slug}/", repeat, before=lambda: touch(school.pk))
    board = _timed(client, f"/p/region/{region.slug}/", repeat)
    print(f"{'page':48} {'median ms':>10} {'queries':>8} {'status':>7}")
    for label, (ms, queries, status) in (
        (f"/p/<slug>/ built, {pairings} pairings", built),
        ("/p/<slug>/ cached", cached),
        ("/p/<slug>/news/feed/ built, 40 news", feed),
        (f"/p/region/<slug>/ built, {organizations} organizations", board_built),
        ("/p/region/<slug>/ cached", board),
    ):
        print(f"{label:48} {ms:10.1f} {queries:8} {status:7}")


if __name__ == "__main__":
    main()
