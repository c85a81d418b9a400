"""Large imports run as a background job, with their progress on the page (issue 13, defect 7).

A 100,000-row list took 14 s to upload, 27 s to check and hit the worker's 30 s timeout on confirm. Files
above `IMPORT_SYNC_MAX_BYTES` are therefore never read whole inside a request: the upload and the mapping
page read only the head of the file (enough for the headers and the column mapping), and the check and the
import itself run as an `ImportJob` in the django-tasks worker — the same `services.import_participants`,
so the same all-or-nothing result. The page polls the job (htmx, every second) and shows its stage, the
time it has run and finally the same result as a small file gets at once. Smaller files stay synchronous.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from nastavnik.core.tenancy import OrganizationScopedManager
from nastavnik.organizations.models import Organization

from . import tabular

HEAD_ROWS = 50
SHOWN = 500  # errors and duplicates kept for the page, as the synchronous page shows


class ImportJob(models.Model):
    """One check or import of an uploaded table, run by the task worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("идёт")
        DONE = "done", _("готово")
        FAILED = "failed", _("не удалось")

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    filename = models.CharField(max_length=255)
    suffix = models.CharField(max_length=10)
    default_role = models.CharField(max_length=20, default="mentee")
    mapping = models.JSONField(default=dict)
    confirm = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OrganizationScopedManager("organization")

    class Meta:
        app_label = "participants"
        indexes = [models.Index(fields=["organization", "token"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


def fail_interrupted_job(job_id: int) -> str:
    """The worker running this job is gone (operations.recovery, `manage.py recover_tasks`): the job failed.

    Nothing of it was written (the import is one transaction), so its page says so and stops polling; the
    upload is kept, and checking it again starts a new job. Called inside the caller's transaction."""
    from nastavnik.core.tenancy import scopes_disabled

    with scopes_disabled():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None:
        return f"import job {job_id}: no longer exists"
    if job.finished:
        return f"import job {job_id}: already {job.status}"
    job.status, job.finished_at = ImportJob.Status.FAILED, timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return f"import job {job_id}: marked failed"


def import_path(token: str, suffix: str) -> Path:
    """Where the upload waits (the directory of the import pages in views.py)."""
    return Path(settings.VAR_DIR) / "imports" / f"{token}{suffix}"


def runs_in_background(data: bytes) -> bool:
    return len(data) > settings.IMPORT_SYNC_MAX_BYTES


def read_table_for_page(data: bytes, filename: str) -> tabular.Table:
    """The table as a page needs it: whole for a small file, its head (headers and first rows) for a large one.

    Raises `tabular.TableError` as `read_table` does; a large file's remaining rows are read by the job.
    """
    if not runs_in_background(data):
        return tabular.read_table(data, filename)
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")):
        return _xlsx_head(data)
    if name.endswith((".csv", ".txt")):
        cut = data[: 256 * 1024]
        if len(cut) < len(data) and b"\n" in cut:
            cut = cut[: cut.rindex(b"\n") + 1]  # never split a character of UTF-8 or a row
        return tabular.read_table(cut, filename)
    return tabular.read_table(data, filename)  # refused by type, whatever its size


def _xlsx_head(data: bytes) -> tabular.Table:
    """The first rows of the first sheet, streamed.

    Not `load_workbook(read_only=True)`: without a `<dimension>` at the top of the sheet (files written by
    many programs) it parses the whole sheet to size it — 40 s for 100,000 rows, inside the request.
    Dates stay numbers here: the head only serves the headers and the column mapping.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._reader import WorkSheetParser

    from nastavnik.core.uploads import ArchiveError, check_archive

    try:
        check_archive(data, limit=settings.IMPORT_MAX_UNZIPPED_MB * 1024 * 1024)
    except ArchiveError as exc:
        raise tabular.TableError(exc.message, **exc.params) from exc
    raw: list[list[Any]] = []
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        sheets = list(reader.parser.find_sheets())
        if not sheets:
            raise tabular.TableError(gettext_noop("В книге нет листов."))
        with reader.archive.open(sheets[0][1].target) as source:
            for _number, cells in WorkSheetParser(source, reader.shared_strings, data_only=True).parse():
                values: list[Any] = []
                for cell in cells:
                    values.extend([None] * (cell["column"] - 1 - len(values)))
                    values.append(cell["value"])
                raw.append(values)
                if len(raw) >= HEAD_ROWS:
                    break
    except tabular.TableError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise tabular.TableError(gettext_noop("Файл не открывается как книга Excel (.xlsx).")) from exc
    return tabular.build_table(raw)


def result_dict(result: Any, preview: list[list[Any]]) -> dict[str, Any]:
    """What the page shows of an `ImportResult`, as JSON: counts, the first errors and duplicates, a preview.

    The worker runs in Russian: an error keeps its Russian `message` and, besides, its message id and parameters
    (`RowError.as_stored_dict`), which the page translates (`import_views`); results stored before that show as stored.
    """
    return {
        "rows": result.rows,
        "to_create": result.to_create,
        "created": result.created,
        "ok": result.ok,
        "errors_total": len(result.errors),
        "errors": [e.as_stored_dict() for e in result.errors[:SHOWN]],
        "duplicates_total": len(result.duplicates),
        "duplicates": [
            {**d.as_dict(), "birth_date": d.birth_date.strftime("%d.%m.%Y") if d.birth_date else ""}
            for d in result.duplicates[:SHOWN]
        ],
        "preview": [[v if isinstance(v, int) else str(v) for v in row] for row in preview],
    }
