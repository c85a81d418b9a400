"""``manage.py send_reminders [--now] [--date YYYY-MM-DD]``: the daily deadline reminders.

By default it enqueues the `send_deadline_reminders` task for the worker (`manage.py db_worker`); cron
runs it once a day (see docs/roadmaps.md). `--now` runs the reminders in this process instead — handy
without a worker. Running it twice a day sends nothing twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.roadmaps.reminders import run_reminders
from nastavnik.roadmaps.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = "Напоминания о сроках мероприятий дорожных карт (ставит задачу в очередь или выполняет сразу)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Выполнить сразу, без очереди задач")
        parser.add_argument("--date", help="Считать сегодняшней эту дату (ГГГГ-ММ-ДД)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Дата указывается так: 2026-11-29.", returncode=2) from exc
        if options["now"]:
            count = run_reminders(today)
            self.stdout.write(f"Отправлено напоминаний: {count}.")
            return
        result = send_deadline_reminders.enqueue(today.isoformat() if today else None)
        self.stdout.write(f"Задача напоминаний поставлена в очередь: {result.id} ({result.status}).")
