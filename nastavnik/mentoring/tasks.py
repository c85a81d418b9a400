"""Background tasks of the mentoring app (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .reminders import run_work_reminders


@task()
def send_work_reminders(now: str | None = None) -> int:
    """Daily: meetings tomorrow, feedback waiting, idle pairs, plan tasks due (idempotent, see reminders.py).

    `now` is an ISO date-time for tests and catch-up runs; task arguments must be JSON, hence a string.
    """
    return run_work_reminders(dt.datetime.fromisoformat(now) if now else None)
