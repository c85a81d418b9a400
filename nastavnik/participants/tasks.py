"""Background tasks of the bases (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from nastavnik.core.tenancy import organization_scope, scopes_disabled

logger = logging.getLogger(__name__)


@task()
def run_import_job(job_id: int) -> str:
    """Check or import the file of an `ImportJob`: the same service as a small file, all rows or nothing."""
    from . import services
    from .import_jobs import ImportJob, import_path, result_dict
    from .views.imports import _preview_row

    with scopes_disabled():
        job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job.status  # run twice by a restarted worker: the first run answers
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    path = import_path(job.token, job.suffix)
    try:
        with organization_scope(job.organization):
            result = services.import_participants(
                job.organization,
                path.read_bytes(),
                job.filename,
                mapping={int(k): v for k, v in job.mapping.items()},
                dry_run=not job.confirm,
                acting_user=job.created_by,
                default_role=job.default_role,
            )
        job.result = result_dict(result, [_preview_row(row) for row in result.preview])
        job.status = ImportJob.Status.DONE
        if job.confirm and result.ok:
            path.unlink(missing_ok=True)
    except Exception:
        logger.exception("import job %s failed", job_id)
        job.status = ImportJob.Status.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "finished_at"])
    return job.status
