"""``manage.py send_work_reminders [--now]``: the daily reminders of the pairs' work.

By default it enqueues the `send_work_reminders` task for the worker (`manage.py db_worker`); cron runs it once
a day next to `send_reminders` (docs/mentoring.md). `--now` runs them in this process. Nothing is sent twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nastavnik.mentoring.reminders import run_work_reminders
from nastavnik.mentoring.tasks import send_work_reminders


class Command(BaseCommand):
    help = "Напоминания о встречах, обратной связи, задачах планов и парах без встреч."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Выполнить сразу, без очереди задач")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            self.stdout.write(f"Отправлено напоминаний: {run_work_reminders()}.")
            return
        result = send_work_reminders.enqueue()
        self.stdout.write(f"Задача напоминаний поставлена в очередь: {result.id} ({result.status}).")
