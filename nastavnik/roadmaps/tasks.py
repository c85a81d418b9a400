"""Background tasks of the roadmaps app (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from .reminders import run_reminders


@task()
def send_deadline_reminders(today: str | None = None) -> int:
    """Daily: remind responsible people of deadlines (idempotent, see reminders.py).

    `today` is an ISO date for tests and catch-up runs; task arguments must be JSON, hence a string.
    """
    return run_reminders(date.fromisoformat(today) if today else None)
