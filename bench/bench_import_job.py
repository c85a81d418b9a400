"""Benchmark a 100,000-row participants import through the pages: what the curator waits for, what the worker does.

Run from the repository root::

    .venv/bin/python bench/bench_import_job.py [--rows 100000] [--format csv|xlsx] [--database-url postgres://...]

It makes a throw-away database (SQLite under var/ by default, or the PostgreSQL database ``bench_import_job``),
migrates it, logs a curator in with Django's test client and prints the time of: the upload request, the
mapping page (which queues the check), one progress poll, the check in the worker, the confirm request and the
import in the worker — the pages must each answer within a couple of seconds (issue 13, defect 7).

The script runs the job path whatever the size: a file up to ``IMPORT_SYNC_MAX_BYTES`` (300 KB, ~2,000 CSV rows)
would be checked inside the mapping page and never become a job, and a task backend that runs tasks at once would
do the worker's part inside the requests, so both are set here (the limit to 0, the database backend). The
first request of the process (loading the URLs, views and templates) is made and printed before the timed ones.
"""

from __future__ import annotations

import argparse
import io
import sys
import time

import _common  # bench/ (the script's folder) is on sys.path

PG_DB = "bench_import_job"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url, _drop = _common.fresh_database(args.database_url or None, PG_DB)  # left for a look afterwards
    _common.setup_django(
        url,
        migrate=True,
        test_client=True,
        IMPORT_SYNC_MAX_BYTES="0",  # every file is checked and imported by a job, as a large one is
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",  # queued; run_import_job.call() below is the worker
    )
    from bench_participants_import import generate_csv
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from nastavnik.participants.import_jobs import ImportJob
    from nastavnik.participants.models import Participant
    from nastavnik.participants.tasks import run_import_job

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
        _organization, user = _common.school_with_curator("school")
    client = _common.client_of(user)

    def timed(label: str, call):
        start = time.perf_counter()
        value = call()
        print(f"{label:<44} {time.perf_counter() - start:7.2f} s")
        return value

    def check(ok: bool, what: str) -> None:
        if not ok:
            raise SystemExit(f"bench_import_job: {what}")

    print(f"{args.rows} rows, {args.format}, {len(data) / 1e6:.1f} MB, {url.split(':', 1)[0]}")
    upload_url = reverse("participants:import", args=["school"])
    response = timed("upload form, first request (warm-up)", lambda: client.get(upload_url))
    check(response.status_code == 200, f"the upload form answered {response.status_code}")
    response = timed(
        "upload (request)",
        lambda: client.post(upload_url, {"file": SimpleUploadedFile(name, data), "default_role": "mentee"}),
    )
    check(response.status_code == 302, f"the upload was refused ({response.status_code}, no redirect)")
    mapping_url = response["Location"]
    response = timed("mapping page, check queued (request)", lambda: client.get(mapping_url))
    check(response.status_code == 200, f"the mapping page answered {response.status_code}")
    with scopes_disabled():
        job = ImportJob.objects.filter(confirm=False).first()
    check(job is not None and job.status == ImportJob.Status.QUEUED, "the mapping page queued no check")
    poll_url = reverse("participants:import_job", args=["school", job.pk])
    timed("progress poll (request)", lambda: client.get(poll_url, headers={"HX-Request": "true"}))
    status = timed("check (worker)", lambda: run_import_job.call(job.pk))
    check(status == ImportJob.Status.DONE, f"the check ended {status}")
    with scopes_disabled():
        job.refresh_from_db()
        mapping = {f"col_{k}": v for k, v in job.mapping.items()}
    print(f"  to create: {job.result['to_create']}, errors: {job.result['errors_total']}")
    response = timed("confirm (request)", lambda: client.post(mapping_url, {**mapping, "action": "import"}))
    check(response.status_code == 200, f"the confirm answered {response.status_code}")
    with scopes_disabled():
        confirm = ImportJob.objects.filter(confirm=True).first()
    check(confirm is not None and confirm.status == ImportJob.Status.QUEUED, "the confirm queued no import")
    status = timed("import (worker)", lambda: run_import_job.call(confirm.pk))
    check(status == ImportJob.Status.DONE, f"the import ended {status}")
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
