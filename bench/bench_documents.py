"""Benchmark the annual report of a large organization (target: under 10 s at 2,000 pairings).

Run from the repository root::

    DEBUG=1 .venv/bin/python bench/bench_documents.py [--database-url sqlite|postgres://...] [--pairings 2000] [--repeat 3]

The organization is the one of bench/bench_pairings.py (its `_fill`: N pairings with one mentee each, ten
meetings per pairing, feedback, plans), in a fresh throw-away database. The script prints, for the annual
report and for the monitoring note: the SQL queries of one build, and the median wall and CPU time of a
whole build (context, chart PNG, docxtpl rendering) over `--repeat` runs, plus where the time goes (context
vs rendering).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import _common  # bench/ (the script's folder) is on sys.path
import bench_pairings  # the pairs' builders


def run(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from nastavnik.core.tenancy import organization_scope
    from nastavnik.documents import registry
    from nastavnik.documents.building import build_context, build_document, template_for
    from nastavnik.documents.context import Options
    from nastavnik.documents.rendering import render
    from nastavnik.roadmaps.queries import current_academic_year

    started = time.perf_counter()
    with scopes_disabled():
        organization, _curator, n_meetings, n_feedback = bench_pairings._fill(args.pairings)
    print(
        f"{connection.vendor}: {args.pairings} pairings, {n_meetings} meetings, {n_feedback} feedback "
        f"(filled in {time.perf_counter() - started:.1f} s)"
    )
    if connection.vendor == "postgresql" and not args.no_analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load in a live database
    options = Options(year=current_academic_year(), plans="Планы", cases="Кейсы")
    with organization_scope(organization):
        for code in ("annual_report", "monitoring_note"):
            kind = registry.get(code)
            build_document(organization, code, options)  # warm up: imports, fonts, the analyzer
            with CaptureQueriesContext(connection) as captured:
                size = len(build_document(organization, code, options))
            wall, cpu, context_times, render_times = [], [], [], []
            for _ in range(args.repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                context = build_context(kind, organization, options)
                t1 = time.perf_counter()
                render(kind, template_for(kind, organization), context)
                t2 = time.perf_counter()
                wall.append(t2 - t0)
                cpu.append(time.process_time() - c0)
                context_times.append(t1 - t0)
                render_times.append(t2 - t1)
            print(
                f"  {code}: median {statistics.median(wall):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
                f"(context {statistics.median(context_times):.2f} s, rendering {statistics.median(render_times):.2f} s), "
                f"{len(captured)} queries, {size // 1024} KB"
            )
            if args.slowest:
                for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[
                    : args.slowest
                ]:
                    print(f"    {float(query['time']):.3f} s  {query['sql'][:300]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument("--pairings", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-analyze", action="store_true", help="PostgreSQL: skip ANALYZE after the load")
    parser.add_argument("--slowest", type=int, default=0, help="print this many slowest queries of a build")
    args = parser.parse_args(argv)
    return _common.run_on_fresh_database(args.database_url, "bench_documents", lambda: run(args))


if __name__ == "__main__":
    raise SystemExit(main())
