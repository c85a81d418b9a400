"""`manage.py recover_tasks`: tasks left RUNNING by a task worker that is gone (kill -9) are failed the way
django-tasks-db records a failure, and the pages of their imports and document builds stop polling and say so.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from nastavnik.documents.context import Options
from nastavnik.documents.models import GeneratedDocument
from nastavnik.documents.services import INTERRUPTED_MESSAGE
from nastavnik.documents.tasks import build_generated_document
from nastavnik.participants.import_jobs import ImportJob
from nastavnik.participants.models import Participant
from nastavnik.roadmaps.queries import current_academic_year
from tests.participants.test_import_jobs import poll, rows_csv, upload


@pytest.fixture(autouse=True)
def _database_queue(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.IMPORT_SYNC_MAX_BYTES = 2000  # every file here runs in the worker
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_STUCK_AFTER_MINUTES = 180


def _claimed(result: DBTaskResult, *, minutes_ago: float, worker: str = "worker-killed") -> DBTaskResult:
    """What `db_worker` does when it takes a task, `minutes_ago`; then it was killed."""
    result.claim(worker)
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    result.refresh_from_db()
    return result


def _import_running(client, organization, *, minutes_ago: float) -> tuple[str, ImportJob, DBTaskResult]:
    """A large file's check, taken by the worker `minutes_ago` and running when the worker died."""
    mapping_url = upload(client, organization, rows_csv(100))
    client.get(mapping_url)  # the page queues the job
    job = ImportJob.objects.get()
    result = _claimed(DBTaskResult.objects.get(), minutes_ago=minutes_ago)
    assert result.task_path == "nastavnik.participants.tasks.run_import_job" and result.args_kwargs[
        "args"
    ] == [job.pk]
    # run_import_job's first step, committed before the import's own transaction
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, started_at=result.started_at)
    job.refresh_from_db()
    return mapping_url, job, result


def _recover(*args: str) -> str:
    out = io.StringIO()
    call_command("recover_tasks", *args, stdout=out)
    return out.getvalue()


def _other_task(status: str, *, minutes_ago: float) -> DBTaskResult:
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="nastavnik.roadmaps.tasks.send_deadline_reminders",
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )
    if status == "RUNNING":
        return _claimed(result, minutes_ago=minutes_ago)
    DBTaskResult.objects.filter(pk=result.pk).update(status=status)
    result.refresh_from_db()
    return result


def test_an_import_left_running_past_the_threshold_fails_and_its_page_says_so(organization, curator, login):
    client = login(curator)
    mapping_url, job, result = _import_running(client, organization, minutes_ago=181)
    assert 'hx-trigger="every 1s"' in poll(client, job).content.decode()  # "in progress" for ever, before

    out = _recover()

    result.refresh_from_db()
    assert result.status == "FAILED" and result.finished_at is not None
    assert result.exception_class_path == "nastavnik.operations.recovery.WorkerGone"
    assert "worker-killed" in result.traceback and "recover_tasks" in result.traceback
    assert [e.exception_class_path for e in result.task_result.errors] == [result.exception_class_path]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    fragment = poll(client, job).content.decode()
    assert "ничего не записано" in fragment and "загрузите файл заново" in fragment
    assert "hx-trigger" not in fragment  # polling stops
    assert not Participant.objects.exists()
    assert f"marked failed: nastavnik.participants.tasks.run_import_job {result.pk}" in out
    assert f"import job {job.pk}: marked failed" in out and "worker worker-killed" in out

    client.get(mapping_url)  # checking the same file again starts a new job
    assert ImportJob.objects.exclude(pk=job.pk).get().status == ImportJob.Status.QUEUED
    assert "none found" in _recover()  # nothing left to do


def test_a_recent_running_task_is_left_alone(organization, curator, login):
    client = login(curator)
    _mapping_url, job, result = _import_running(client, organization, minutes_ago=5)
    assert "none found" in _recover()
    assert "none found" in _recover("--older-than", "10")
    result.refresh_from_db()
    job.refresh_from_db()
    assert (result.status, job.status) == ("RUNNING", ImportJob.Status.RUNNING)
    assert 'hx-trigger="every 1s"' in poll(client, job).content.decode()

    assert "1 task(s)" in _recover("--older-than", "4")  # a shorter threshold takes it
    result.refresh_from_db()
    assert result.status == "FAILED"


def test_dry_run_changes_nothing(organization, curator, login):
    client = login(curator)
    _mapping_url, job, result = _import_running(client, organization, minutes_ago=600)
    out = _recover("--dry-run")
    assert f"would mark failed: nastavnik.participants.tasks.run_import_job {result.pk}" in out
    assert "would mark failed" in _recover("--all", "--dry-run")
    result.refresh_from_db()
    job.refresh_from_db()
    assert (result.status, result.finished_at, result.traceback) == ("RUNNING", None, "")
    assert job.status == ImportJob.Status.RUNNING


def test_all_takes_every_running_task_and_nothing_else(organization, curator, login):
    client = login(curator)
    _mapping_url, job, result = _import_running(client, organization, minutes_ago=0)
    reminders = _other_task("RUNNING", minutes_ago=1)
    waiting = _other_task("READY", minutes_ago=0)
    done = _other_task("SUCCESSFUL", minutes_ago=0)

    out = _recover("--all")

    assert "2 task(s) running: marked failed" in out
    assert {r.status for r in DBTaskResult.objects.filter(pk__in=[result.pk, reminders.pk])} == {"FAILED"}
    assert DBTaskResult.objects.get(pk=waiting.pk).status == "READY"
    assert DBTaskResult.objects.get(pk=done.pk).status == "SUCCESSFUL"
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_a_job_that_had_finished_keeps_its_result(organization, curator, login):
    """Killed after the job saved its result but before the worker recorded the task's success."""
    client = login(curator)
    _mapping_url, job, result = _import_running(client, organization, minutes_ago=300)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, result={"rows": 100})
    out = _recover()
    assert f"import job {job.pk}: already done" in out
    job.refresh_from_db()
    result.refresh_from_db()
    assert (job.status, result.status) == (ImportJob.Status.DONE, "FAILED")


def test_a_document_build_left_running_fails_with_a_russian_message(organization, curator, login):
    year = current_academic_year()
    document = GeneratedDocument.objects.create(
        organization=organization, kind="regulation", academic_year=year, options=Options(year=year).as_json()
    )
    task_result = build_generated_document.enqueue(document.pk)
    result = _claimed(DBTaskResult.objects.get(pk=task_result.id), minutes_ago=200)
    GeneratedDocument.objects.filter(pk=document.pk).update(status=GeneratedDocument.Status.RUNNING)

    out = _recover()

    assert f"document {document.pk}: marked failed" in out
    result.refresh_from_db()
    document.refresh_from_db()
    assert result.status == "FAILED"
    assert (document.status, document.error) == (GeneratedDocument.Status.FAILED, INTERRUPTED_MESSAGE)
    url = reverse("documents:document_status", args=[organization.slug, document.pk])
    fragment = login(curator).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Сборка документа прервана" in fragment and "Соберите документ ещё раз" in fragment
    assert "hx-trigger" not in fragment and "Собрать заново" in fragment
