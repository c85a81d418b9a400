"""Task results left `RUNNING` by a task worker that is gone (kill -9, out of memory, a lost machine).

django-tasks-db marks a result `RUNNING` when a worker claims it (`DBTaskResult.claim`) and `SUCCESSFUL` or
`FAILED` when the task ends; a worker that dies in between leaves it `RUNNING` for ever, and nothing retries
it. `manage.py recover_tasks` fails such results the way the worker records a failure (`set_failed`, with a
`WorkerGone` exception as the cause) and lets the app that owns the task fail its own record of the work in
the same transaction, so that its page stops polling and says what happened.

A worker leaves no trace of being alive (its id in `worker_ids` is random per process), so "gone" is judged:
- by age (the default): the task has run longer than `TASKS_STUCK_AFTER_MINUTES` (settings.py), longer than
  any legitimate task; safe with any number of workers;
- `--all`: every running task. Only at the start of the only worker (`ExecStartPre=` of its systemd unit):
  then no task can be running. Never with several workers: it would fail the tasks the others are running.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

logger = logging.getLogger(__name__)

#: The task → the owning app's service that fails its own record of the interrupted work. Called with the
#: task's arguments inside the transaction that fails the result; returns a line for the command's output.
#: A task not named here (reminders: they send nothing twice) only has its result failed.
INTERRUPTED: dict[str, str] = {
    "nastavnik.participants.tasks.run_import_job": "nastavnik.participants.import_jobs.fail_interrupted_job",
    "nastavnik.documents.tasks.build_generated_document": "nastavnik.documents.services.fail_interrupted_build",
}


class WorkerGone(Exception):
    """Recorded as the failure of a task whose worker is gone (its `exception_class_path`)."""


@dataclass(frozen=True)
class Recovered:
    id: str
    task_path: str
    started_at: dt.datetime | None
    worker_ids: list[str]
    note: str  # what the owning app did ("" when nothing owns the task)


def stuck_after() -> dt.timedelta:
    return dt.timedelta(minutes=int(settings.TASKS_STUCK_AFTER_MINUTES))


def running(older_than: dt.timedelta | None) -> DBTaskResultQuerySet:
    """Results still `RUNNING`; with `older_than`, only those started longer ago than that."""
    results = DBTaskResult.objects.running()
    if older_than is not None:
        results = results.filter(started_at__lt=timezone.now() - older_than)
    return results.order_by("started_at")


def _owner(task_path: str) -> Callable[..., str] | None:
    path = INTERRUPTED.get(task_path)
    return None if path is None else import_string(path)


def recover(*, older_than: dt.timedelta | None, dry_run: bool = False) -> list[Recovered]:
    """Fail the results left running (older than `older_than`; all of them with None). One transaction each:
    the result and the owning app's record fail together or not at all."""
    done: list[Recovered] = []
    for pk in list(running(older_than).values_list("pk", flat=True)):
        with transaction.atomic():
            result = DBTaskResult.objects.select_for_update().filter(pk=pk).running().first()
            if result is None:
                continue  # it ended meanwhile
            note = ""
            if not dry_run:
                owner = _owner(result.task_path)
                if owner is not None:
                    arguments = result.args_kwargs or {}
                    note = owner(*arguments.get("args", []), **arguments.get("kwargs", {}))
                started = result.started_at.isoformat() if result.started_at else "?"
                result.set_failed(
                    WorkerGone(
                        f"RUNNING since {started} on worker {', '.join(result.worker_ids) or '?'}, "
                        "which is gone: marked failed by manage.py recover_tasks"
                    )
                )
                logger.warning("task %s (%s) left running by a gone worker: failed", pk, result.task_path)
            done.append(
                Recovered(
                    id=str(result.pk),
                    task_path=result.task_path,
                    started_at=result.started_at,
                    worker_ids=list(result.worker_ids),
                    note=note,
                )
            )
    return done
