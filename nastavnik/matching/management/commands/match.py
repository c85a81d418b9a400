"""manage.py match: run the matching engine on an instance file (a thin wrapper over engine.run_cli)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.matching.engine import InstanceError, run_cli


class Command(BaseCommand):
    help = "Подбор пар наставник — наставляемый по экземпляру в JSON (режимы optimal и stable)."
    requires_system_checks: list[str] = []  # a pure computation: it must work before the database is set up

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, help="файл экземпляра в JSON (схема в docs/matching.md)"
        )
        parser.add_argument(
            "--mode", default="optimal", help="optimal (наибольшая суммарная совместимость) или stable"
        )
        parser.add_argument("--format", default="json", dest="fmt", help="json (по умолчанию) или text")
        parser.add_argument("--explain", action="store_true", help="добавить к каждой паре причины подбора")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            output = run_cli(options["input"], options["mode"], options["fmt"], explain=options["explain"])
        except InstanceError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(output, ending="" if output.endswith("\n") else "\n")
