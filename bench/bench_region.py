"""Benchmark the region: generating it, and the regional dashboard and API at N organizations.

Run from the repository root (PostgreSQL; the database is dropped and made again)::

    DEBUG=1 .venv/bin/python bench/bench_region.py --organizations 100 --participants 1000
    DEBUG=1 .venv/bin/python bench/bench_region.py --organizations 1000 --participants 1000

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/nastavnik_region_bench. It prints:

1. `generate_region`: seconds and rows;
2. the region's table computed from scratch (`regions.queries.region_table` without its cache: monitoring's
   indicators of every organization, roadmaps, pairings by form, suppression) with its number of queries,
   the median of 3 runs, and the part of it that is `monitoring.indicators_by_organization`;
3. the dashboard page and `GET /api/v1/regions/{slug}/indicators` (warm: the table cached): p50/p95 over
   --repeat requests, queries per request; and the first (cold) request of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import _common  # bench/ (the script's folder) is on sys.path

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/nastavnik_region_bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organizations", type=int, default=100)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--keep", action="store_true", help="reuse the database as it is (no drop, no generate)"
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    if not args.keep and url.startswith("postgres"):
        url, _drop = _common.fresh_database(url, url.rsplit("/", 1)[1])  # it stays, for --keep
    _common.setup_django(url, migrate=True, test_client=True, AXES_ENABLED="0")
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    _run(args)


def _timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _run(args: argparse.Namespace) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from nastavnik.accounts.models import Coordination, User
    from nastavnik.monitoring import indicators
    from nastavnik.organizations.models import Organization, Region
    from nastavnik.regions import queries
    from nastavnik.regions.generator import generate_region
    from nastavnik.roadmaps.queries import current_academic_year

    year = current_academic_year()
    with scopes_disabled():
        if not args.keep:
            started = time.perf_counter()
            result = generate_region(
                "bench",
                name="Нагрузочный край",
                organizations=args.organizations,
                participants_per_organization=args.participants,
                academic_year=year,
            )
            seconds = time.perf_counter() - started
            print(
                f"generate_region: {args.organizations} organizations × {args.participants} participants: "
                f"{seconds:.1f} s, {sum(result.counts.values()):,} rows "
                f"({result.counts.get('participants.Participant', 0):,} participants)"
            )
        region = Region.objects.get(slug="bench")
        organizations = Organization.objects.filter(municipality__region=region).count()
        user, _ = User.objects.get_or_create(email="bench-coordinator@example.org")
        Coordination.objects.get_or_create(user=user, region=region, municipality=None)
        ids = list(Organization.objects.filter(municipality__region=region).values_list("pk", flat=True))

        with CaptureQueriesContext(connection) as captured:
            queries.region_table(region, year, use_cache=False)
        cold = _timed(lambda: queries.region_table(region, year, use_cache=False), 3)
        only = _timed(lambda: indicators.indicators_by_organization(ids, year), 3)
    print(
        f"region table from scratch ({organizations} organizations): median {statistics.median(cold):.0f} ms, "
        f"{len(captured.captured_queries)} queries; of which indicators_by_organization "
        f"{statistics.median(only):.0f} ms"
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for label, url in (
        ("dashboard", f"/region/{region.slug}/dashboard/"),
        ("API", f"/api/v1/regions/{region.slug}/indicators"),
    ):
        cache.clear()
        queries.clear_local()
        started = time.perf_counter()
        response = client.get(url)
        first = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        statements: list[str] = []

        def count(execute, sql, *rest, statements=statements):
            statements.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(url)
        times = _timed(lambda url=url: client.get(url), args.repeat)
        print(
            f"{label}: cold {first:.0f} ms; warm p50 {statistics.median(times):.0f} ms, "
            f"p95 {_p95(times):.0f} ms over {args.repeat}, {len(statements)} queries, "
            f"{len(response.content) // 1024} KB"
        )


if __name__ == "__main__":
    main()
