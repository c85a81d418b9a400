"""`/healthz` for the load balancer and monitoring: is the database reachable, how old is the task backlog.

Answered by a middleware placed first in MIDDLEWARE, before anything that reads the Host header, redirects to
HTTPS, opens a session or a tenancy scope: a load balancer probes each backend over plain HTTP by its address,
and the probe must cost one query, whatever the site's ALLOWED_HOSTS and HTTPS settings. The answer carries no
personal data (two figures) and no authentication is asked for.

- `200 {"status": "ok", ...}` — the database answered.
- `503 {"status": "fail", "database": "unreachable"}` — the database did not: take this backend out.
- The backlog (`oldest_ready_task_seconds`: how long the oldest task that may run now has waited for the
  `db_worker`) is always reported; it makes the answer 503 only with `?strict=1` (for monitoring). A stopped
  worker is a problem of the whole installation: if it took every web backend out of the load balancer, the
  site would go down with it.
- With `?strict=1` the answer also counts the tasks left `RUNNING` longer than `TASKS_STUCK_AFTER_MINUTES`
  (`tasks.stuck_running_tasks`: their worker is probably gone; `manage.py recover_tasks` fails them). A second
  query, asked only by monitoring; the count never fails the check (the worker restarted and took new tasks).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, F, Min, When
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

PATH = "/healthz"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    database_ok: bool
    oldest_ready_task_seconds: int | None  # None: no task waits (or the database did not answer)
    backlog_limit_seconds: int
    stuck_running_tasks: int | None = None  # counted only when asked (the strict probe)
    stuck_after_minutes: int | None = None

    @property
    def backlog_ok(self) -> bool:
        return self.oldest_ready_task_seconds is None or (
            self.oldest_ready_task_seconds <= self.backlog_limit_seconds
        )

    def as_dict(self) -> dict[str, object]:
        if not self.database_ok:
            return {"status": "fail", "database": "unreachable"}
        tasks: dict[str, object] = {
            "oldest_ready_task_seconds": self.oldest_ready_task_seconds,
            "limit_seconds": self.backlog_limit_seconds,
            "ok": self.backlog_ok,
        }
        if self.stuck_running_tasks is not None:
            tasks["stuck_running_tasks"] = self.stuck_running_tasks
            tasks["stuck_after_minutes"] = self.stuck_after_minutes
        return {"status": "ok" if self.backlog_ok else "late", "database": "ok", "tasks": tasks}


def check_health(*, count_stuck: bool = False) -> Health:
    """One query: the oldest moment a ready task could have started. Its success proves the database.

    With `count_stuck`, a second one: how many tasks have been running longer than `TASKS_STUCK_AFTER_MINUTES`."""
    limit = int(settings.HEALTHZ_TASK_BACKLOG_LIMIT_SECONDS)
    now = timezone.now()
    try:
        # A task without `run_after` stores the far future there (django-tasks-db) and may run since it was
        # enqueued; a task with one may run since then.
        since = DBTaskResult.objects.ready().aggregate(
            since=Min(
                Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")),
            )
        )["since"]
    except DatabaseError:
        logger.exception("healthz: the database did not answer")
        return Health(database_ok=False, oldest_ready_task_seconds=None, backlog_limit_seconds=limit)
    age = None if since is None else max(0, int((now - since).total_seconds()))
    health = Health(database_ok=True, oldest_ready_task_seconds=age, backlog_limit_seconds=limit)
    if not count_stuck:
        return health
    from .recovery import running, stuck_after

    try:
        stuck = running(stuck_after()).count()
    except DatabaseError:
        logger.exception("healthz: the database did not answer")
        return Health(database_ok=False, oldest_ready_task_seconds=None, backlog_limit_seconds=limit)
    return replace(
        health, stuck_running_tasks=stuck, stuck_after_minutes=int(settings.TASKS_STUCK_AFTER_MINUTES)
    )


def healthz(request: HttpRequest) -> HttpResponse:
    strict = request.GET.get("strict") in {"1", "true", "yes"}
    health = check_health(count_stuck=strict)
    healthy = health.database_ok and (health.backlog_ok or not strict)
    response = HttpResponse(
        json.dumps(health.as_dict()), content_type="application/json", status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers `/healthz` (GET or HEAD) and passes everything else on untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.rstrip("/") == PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
