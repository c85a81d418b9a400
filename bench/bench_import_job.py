"""Benchmark a 100,000-row participants import through the pages: what the curator waits for, what the worker does.

Run from the repository root::

    .venv/bin/python bench/bench_import_job.py [--rows 100000] [--format csv|xlsx] [--database-url postgres://...]

It makes a throw-away database (SQLite under var/ by default, or the PostgreSQL database ``bench_import_job``),
migrates it, logs a curator in with Django's test client and prints the time of: the upload request, the
mapping page (which queues the check), one progress poll, the check in the worker, the confirm request and the
import in the worker — the pages must each answer within a couple of seconds (issue 13, defect 7).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PG_DB = "bench_import_job"
SQLITE_FILE = ROOT / "var" / "bench_import_job.sqlite3"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url = args.database_url
    if url.startswith("postgres"):
        import psycopg

        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        url = url.rsplit("/", 1)[0] + f"/{PG_DB}"
    else:
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{SQLITE_FILE}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    import django

    django.setup()
    from bench_participants_import import generate_csv
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from nastavnik.accounts.models import Membership, Role, User
    from nastavnik.organizations.models import Municipality, Organization, Region
    from nastavnik.participants.import_jobs import ImportJob
    from nastavnik.participants.models import Participant
    from nastavnik.participants.tasks import run_import_job

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    data = generate_csv(args.rows)
    name = "список.csv"
    if args.format == "xlsx":
        import csv

        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        data, name = buffer.getvalue(), "список.xlsx"
    with scopes_disabled():
        region = Region.objects.create(name="Регион", slug="region")
        municipality = Municipality.objects.create(region=region, name="Город", slug="city")
        organization = Organization.objects.create(
            municipality=municipality, short_name="Школа", full_name="Школа", slug="school"
        )
        user = User.objects.create_user("curator@example.org", "x" * 16, last_name="К", first_name="К")
        Membership.objects.create(user=user, organization=organization, role=Role.CURATOR)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    def timed(label: str, call):
        start = time.perf_counter()
        value = call()
        print(f"{label:<44} {time.perf_counter() - start:7.2f} s")
        return value

    print(f"{args.rows} rows, {args.format}, {len(data) / 1e6:.1f} MB, {url.split(':', 1)[0]}")
    response = timed(
        "upload (request)",
        lambda: client.post(
            reverse("participants:import", args=["school"]),
            {"file": SimpleUploadedFile(name, data), "default_role": "mentee"},
        ),
    )
    mapping_url = response["Location"]
    timed("mapping page, check queued (request)", lambda: client.get(mapping_url))
    with scopes_disabled():
        job = ImportJob.objects.get(confirm=False)
    poll_url = reverse("participants:import_job", args=["school", job.pk])
    timed("progress poll (request)", lambda: client.get(poll_url, headers={"HX-Request": "true"}))
    timed("check (worker)", lambda: run_import_job.call(job.pk))
    with scopes_disabled():
        job.refresh_from_db()
        mapping = {f"col_{k}": v for k, v in job.mapping.items()}
    print(f"  to create: {job.result['to_create']}, errors: {job.result['errors_total']}")
    timed("confirm (request)", lambda: client.post(mapping_url, {**mapping, "action": "import"}))
    with scopes_disabled():
        confirm = ImportJob.objects.get(confirm=True)
    timed("import (worker)", lambda: run_import_job.call(confirm.pk))
    response = timed(
        "progress poll → the base (request)",
        lambda: client.get(poll_url.replace(str(job.pk), str(confirm.pk)), headers={"HX-Request": "true"}),
    )
    with scopes_disabled():
        print(
            f"  participants written: {Participant.objects.count()}, redirect: {response.get('HX-Redirect')}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
