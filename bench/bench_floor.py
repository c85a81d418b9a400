"""Benchmark the floor every page pays: middleware, session and user, the menu and the base layout.

Run from the repository root::

    DEBUG=1 .venv/bin/python bench/bench_floor.py [--repeat 60] [--reuse] [--profile] [--sql]

Like bench/bench_pages.py (whose database builder it uses) it makes a fresh SQLite database with the demo
(``manage.py load_demo``), or with ``--reuse`` starts from the copy of the demo database an earlier run of either
script kept (var/bench_pages_demo.sqlite3), and logs in as the demo curator with Django's test client
(in-process). It then requests round-robin ``--repeat`` times:

- **no page**: a GET of /i18n/setlang/, which redirects at once: the middleware, the session, the user and the
  memberships (the tenancy scope) without a template;
- **security**: the "Безопасность" page (/accounts/security/), base.html around one query of its own (does the
  user have an authenticator): the floor;
- **organization**: the organization's card (/o/<slug>/), base.html with the organization's menu
  (the start page is the dashboard now, far from a floor: bench_pages.py measures it);

and prints per page the SQL queries, the median wall and CPU time (``time.process_time``: on SQLite it includes
the database's work). ``--sql`` prints the statements of one request of the floor page; ``--profile`` prints the
cProfile of 200 requests of it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_pages  # noqa: E402 - the database builder and demo copy of the pages' benchmark

bench_pages.SQLITE_FILE = ROOT / "var" / "bench_floor.sqlite3"


def _pages() -> dict[str, str]:
    from django.urls import reverse

    return {
        "no page": reverse("set_language"),
        "security": reverse("accounts:two_factor"),
        "organization": reverse("organizations:detail", args=[bench_pages.SCHOOL]),
    }


class _Log:
    """Keeps the SQL statements of a block."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        return execute(sql, params, many, context)


def measure(client, repeat: int) -> dict[str, tuple[int, float, float, float]]:
    """Per page: (queries, median wall ms, median CPU ms, 10th percentile of CPU ms), the pages requested
    round-robin. On a loaded machine the low percentile moves less than the median."""
    from django.db import connection

    pages = _pages()
    queries: dict[str, int] = {}
    for name, url in pages.items():
        for _ in range(3):
            response = client.get(url)
        assert response.status_code == (302 if name == "no page" else 200), (name, response.status_code)
        log = _Log()
        with connection.execute_wrapper(log):
            client.get(url)
        queries[name] = len(log.statements)
    wall: dict[str, list[float]] = {name: [] for name in pages}
    cpu: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(repeat):
        for name, url in pages.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
            wall[name].append((time.perf_counter() - started) * 1000)
    return {
        name: (
            queries[name],
            statistics.median(wall[name]),
            statistics.median(cpu[name]),
            sorted(cpu[name])[len(cpu[name]) // 10],
        )
        for name in pages
    }


def run(args) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.template import engines
    from django.test import Client
    from django_scopes import scopes_disabled

    from nastavnik.accounts.models import User

    call_command("migrate", verbosity=0)
    if not args.cached:
        with scopes_disabled():
            call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        connection.close()
        shutil.copyfile(bench_pages.SQLITE_FILE, bench_pages.DEMO_COPY)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # DEBUG=1 only supplies the development key: measure without the query log
    engines["django"].engine.debug = False

    client = Client()
    with scopes_disabled():
        curator = User.objects.get(email=bench_pages.CURATOR)
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    floor = _pages()["security"]

    if args.sql:
        for _ in range(3):
            client.get(floor)
        log = _Log()
        with connection.execute_wrapper(log):
            client.get(floor)
        for sql in log.statements:
            print(sql[:200] if not args.full else sql)
        print(f"{len(log.statements)} statements")
        return 0

    if args.profile:
        import cProfile
        import pstats

        for _ in range(3):
            client.get(floor)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(200):
            client.get(floor)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(80)
        stats.sort_stats("tottime").print_stats(30)
        return 0

    figures = measure(client, args.repeat)
    print(f"{args.repeat} rounds, as {bench_pages.CURATOR}:")
    print(f"{'page':<13} {'queries':>8} {'median, ms':>11} {'CPU median, ms':>15} {'CPU p10, ms':>12}")
    for name, (queries, median, cpu, low) in figures.items():
        print(f"{name:<13} {queries:>8} {median:>11.2f} {cpu:>15.2f} {low:>12.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="start from the kept copy of the demo database")
    parser.add_argument("--profile", action="store_true", help="cProfile of 200 requests of the floor page")
    parser.add_argument("--sql", action="store_true", help="the SQL of one request of the floor page")
    parser.add_argument("--full", action="store_true", help="with --sql: the statements in full")
    args = parser.parse_args(argv)
    url, drop = bench_pages._prepare_database(None)
    args.cached = args.reuse and bench_pages.DEMO_COPY.exists()
    if args.cached:
        shutil.copyfile(bench_pages.DEMO_COPY, bench_pages.SQLITE_FILE)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    try:
        return run(args)
    finally:
        drop()


if __name__ == "__main__":
    raise SystemExit(main())
