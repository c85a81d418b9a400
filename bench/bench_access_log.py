"""Benchmark the access log: the cost of one recorded read, and the log page and the purge at 100,000 rows.

Run from the repository root::

    .venv/bin/python bench/bench_access_log.py [--rows 100000] [--repeat 5]

It makes a throw-away SQLite database under var/ (or uses DATABASE_URL if it names a database you may
wipe), migrates it and prints:

1. `record_access` alone: the median time of one INSERT;
2. a person's card with and without the log line (the difference is what a read costs), with queries;
3. the log page (first and last of the pages) with N rows in the organization: queries and median time;
4. `purge_expired` deleting N rows older than the retention period.
"""

from __future__ import annotations

import argparse
import os
import time

import _common  # bench/ (the script's folder) is on sys.path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or _common.fresh_database(None, "bench_access_log")[0]
    _common.setup_django(url, migrate=True, test_client=True, AXES_ENABLED="0")
    _run(args.rows, args.repeat)


def _run(rows: int, repeat: int) -> None:
    import datetime as dt

    from django.conf import settings as django_settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test import RequestFactory
    from django.urls import reverse
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from nastavnik.audit.models import AccessKind, AccessRecord
    from nastavnik.audit.services import purge_expired, record_access
    from nastavnik.participants.models import Participant

    # As in the test client of a TestCase: keep the connection and the query log across requests.
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    with scopes_disabled():
        organization, curator = _common.school_with_curator("school")
        people = [
            Participant.objects.create(
                organization=organization, last_name=f"Иванов{i}", first_name="Пётр", category="pupil"
            )
            for i in range(50)
        ]

        request = RequestFactory().get("/")
        request.user = curator
        t = _common.median_seconds(
            lambda: record_access(request, organization, AccessKind.PERSON, people[0]), repeat * 200
        )
        print(f"1. record_access: one INSERT, median {t * 1e6:.0f} µs")

        client = _common.client_of(curator)
        card = reverse("participants:person", args=[organization.slug, people[1].pk])
        with _common.count_queries(connection) as queries:
            assert client.get(card).status_code == 200
        t_card = _common.median_seconds(lambda: client.get(card), repeat * 4)
        inserts = sum(sql.lstrip().upper().startswith("INSERT") for sql in queries)
        print(
            f"2. person's card: {len(queries)} queries of which {inserts} INSERT (the log), "
            f"median {t_card * 1000:.1f} ms; the log's share is the INSERT above"
        )

        now = timezone.now()
        start = time.perf_counter()
        AccessRecord.objects.bulk_create(
            (
                AccessRecord(
                    organization=organization,
                    user=curator,
                    user_email=curator.email,
                    kind=AccessKind.PERSON,
                    subject_type="participant",
                    subject_id=people[i % len(people)].pk,
                    at=now - dt.timedelta(days=400) - dt.timedelta(seconds=i),
                )
                for i in range(rows)
            ),
            batch_size=5000,
        )
        print(f"   ({rows:,} rows inserted in bulk in {time.perf_counter() - start:.1f} s)")
        log = reverse("audit:access_log", args=[organization.slug])
        total = AccessRecord.objects.filter(organization=organization).count()
        last_page = (total + 49) // 50
        for label, params in (("first page", {}), (f"page {last_page}", {"page": last_page})):
            with _common.count_queries(connection) as queries:
                assert client.get(log, params).status_code == 200
            t = _common.median_seconds(lambda params=params: client.get(log, params), repeat)
            print(f"3. log page, {total:,} rows, {label}: {len(queries)} queries, median {t * 1000:.0f} ms")

        start = time.perf_counter()
        deleted = purge_expired()
        print(
            f"4. purge_expired: {deleted:,} rows older than {django_settings.ACCESS_LOG_RETENTION_DAYS} days deleted in "
            f"{time.perf_counter() - start:.2f} s"
        )


if __name__ == "__main__":
    main()
