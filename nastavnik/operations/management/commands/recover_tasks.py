"""`manage.py recover_tasks`: fail the tasks left RUNNING by a task worker that is gone (operations/recovery.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.operations.recovery import recover, stuck_after


class Command(BaseCommand):
    help = (
        "Mark failed the tasks left RUNNING by a worker that is gone: those running longer than "
        "TASKS_STUCK_AFTER_MINUTES (or --older-than), or with --all every running task (only at the start "
        "of the only worker). The pages of their imports and document builds then show the failure."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--older-than",
            type=int,
            metavar="MINUTES",
            help="tasks running longer than this (default: the TASKS_STUCK_AFTER_MINUTES setting)",
        )
        which.add_argument(
            "--all",
            action="store_true",
            help="every running task: only where this is the only worker, before it starts",
        )
        parser.add_argument("--dry-run", action="store_true", help="only list them; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        older_than: dt.timedelta | None
        if options["all"]:
            older_than, scope = None, "running"
        else:
            if options["older_than"] is not None and options["older_than"] < 0:
                raise CommandError("--older-than must not be negative")
            older_than = (
                stuck_after()
                if options["older_than"] is None
                else dt.timedelta(minutes=options["older_than"])
            )
            scope = f"running longer than {int(older_than.total_seconds() // 60)} min"
        dry_run = options["dry_run"]
        recovered = recover(older_than=older_than, dry_run=dry_run)
        verb = "would mark failed" if dry_run else "marked failed"
        for item in recovered:
            started = item.started_at.isoformat(timespec="seconds") if item.started_at else "?"
            line = (
                f"{verb}: {item.task_path} {item.id}, started {started}, "
                f"worker {', '.join(item.worker_ids) or '?'}"
            )
            self.stdout.write(line + (f"; {item.note}" if item.note else ""))
        if recovered:
            self.stdout.write(f"{len(recovered)} task(s) {scope}: {verb}")
        else:
            self.stdout.write(f"none found: no task {scope}")
