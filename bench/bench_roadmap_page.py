"""Benchmark the roadmap in the database: import (read + write) and the roadmap page at growing sizes.

Run from the repository root::

    .venv/bin/python bench/bench_roadmap_page.py [--database-url sqlite|postgres://...] [--repeat 3]

The script makes its own fresh database — a throw-away SQLite file under var/ (default), or the
PostgreSQL database ``bench_roadmap`` that it creates and drops — and migrates it. It prints:

1. import of each seed roadmap and of a generated 1,000-activity roadmap (text, DOCX, XLSX): the read
   (``time_read`` of bench_roadmap_import.py), the write (``services.import_roadmap``: programme, stages,
   activities with their audit history, responsible people, risks, in one transaction) and the total;
2. the roadmap page (table and timeline), «Мои задачи» and the Word/Excel export for roadmaps of 35,
   200 and 1,000 activities: the number of SQL queries (must not grow) and the median time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import _common  # bench/ (the script's folder) is on sys.path

PG_DB = "bench_roadmap"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or "sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--activities", type=int, default=1000)
    args = parser.parse_args(argv)

    return _common.run_on_fresh_database(args.database_url, PG_DB, lambda: run(args), migrate=False)


def run(args) -> int:
    from bench_roadmap_import import _seed_paths, generated_files, time_read
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from nastavnik.accounts.models import Membership, Role, User
    from nastavnik.organizations.models import Municipality, Organization, Region
    from nastavnik.roadmaps import services
    from nastavnik.roadmaps.export import export_docx, export_xlsx
    from nastavnik.roadmaps.models import Activity, Roadmap
    from nastavnik.roadmaps.queries import current_academic_year

    vendor = connection.vendor
    print(f"Database: {vendor} ({settings.DATABASES['default']['NAME']})")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # DEBUG=1 only supplies the development key: measure without query logging

    with scopes_disabled():
        region = Region.objects.create(name="Регион", slug="bench-region")
        municipality = Municipality.objects.create(region=region, name="Округ", slug="bench-mun")
        organization = Organization.objects.create(
            municipality=municipality, short_name="МБОУ «СОШ № 1»", full_name="Школа № 1", slug="bench-school"
        )
        curator = User(
            email="curator@bench.example", last_name="Петрова", first_name="Анна", patronymic="Ивановна"
        )
        curator.set_unusable_password()
        curator.save()
        Membership.objects.create(user=curator, organization=organization, role=Role.CURATOR)

        # 1. Import: read + write
        print()
        print(f"{'document':<36} {'acts':>6} {'read, ms':>9} {'write, ms':>10} {'total, ms':>10}")

        def import_row(path: Path) -> bool:
            read_seconds, draft = time_read(path, args.repeat)
            writes = []
            for _ in range(max(1, args.repeat)):
                started = time.perf_counter()
                roadmap = services.import_roadmap(
                    organization, draft, acting_user=curator, filename=path.name
                )
                writes.append(time.perf_counter() - started)
                saved = Activity.objects.filter(roadmap=roadmap).count()
                Roadmap.objects.filter(pk=roadmap.pk).delete()
            write_seconds = min(writes)
            print(
                f"{path.name:<36} {saved:>6} {read_seconds * 1000:>9.1f} {write_seconds * 1000:>10.1f} "
                f"{(read_seconds + write_seconds) * 1000:>10.1f}"
            )
            return saved == len(draft.activities)

        ok = all(import_row(path) for path in _seed_paths())
        with tempfile.TemporaryDirectory() as tmp:
            for path in generated_files(args.activities, Path(tmp)):
                ok = import_row(path) and ok

        # 2. Pages and exports at growing sizes
        print()
        print(f"{'page':<22} {'acts':>6} {'queries':>8} {'median, ms':>11}")
        client = _common.client_of(curator)
        counts: dict[str, set[int]] = {}
        for size in (35, 200, args.activities):
            Roadmap.objects.all().delete()
            if size == 35:
                roadmap = services.create_programme_from_template(
                    organization,
                    academic_year=current_academic_year(),
                    kind="school",
                    acting_user=curator,
                )
            else:
                from tests.roadmaps.roadmap_builders import draft_dict

                roadmap = services.import_roadmap(
                    organization,
                    draft_dict(
                        activities=size,
                        stages=7,
                        academic_year=current_academic_year(),
                        responsible=["Куратор программы наставничества", "Заместитель директора по УВР"],
                    ),
                    acting_user=curator,
                )
            services.bind_responsible(
                organization, "Куратор программы наставничества", curator, acting_user=curator
            )
            roadmap_url = reverse("roadmaps:roadmap", args=[organization.slug])
            pages = {
                "roadmap (table)": roadmap_url,
                "roadmap (timeline)": roadmap_url + "?view=timeline",
                "roadmap (overdue)": roadmap_url + "?overdue=1",
                "my tasks": reverse("roadmaps:my_tasks", args=[organization.slug]),
            }
            for name, url in pages.items():
                with _common.count_queries() as queries:
                    response = client.get(url)
                assert response.status_code == 200, (name, response.status_code)
                counts.setdefault(name, set()).add(len(queries))
                seconds = _common.median_seconds(lambda url=url: client.get(url), args.repeat)
                print(f"{name:<22} {size:>6} {len(queries):>8} {seconds * 1000:>11.1f}")
            for name, exporter in (("export docx", export_docx), ("export xlsx", export_xlsx)):
                with _common.count_queries() as queries:
                    exporter(roadmap)
                counts.setdefault(name, set()).add(len(queries))
                seconds = _common.median_seconds(
                    lambda exporter=exporter, roadmap=roadmap: exporter(roadmap), args.repeat
                )
                print(f"{name:<22} {size:>6} {len(queries):>8} {seconds * 1000:>11.1f}")
    constant = all(len(values) == 1 for values in counts.values())
    print()
    print(f"query counts constant across sizes: {constant}; every activity imported: {ok}")
    return 0 if constant and ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
