"""`manage.py import_participants PATH --organization SLUG [--dry-run] [--format json]`: a school's list into the bases.

A thin wrapper over `services.import_participants`: all rows or nothing; exit code 2 on bad input.
Trusted: whoever runs manage.py may import into any organization (no permission check, `acting_user=None`).
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.core.tenancy import organization_scope
from nastavnik.organizations.models import Organization
from nastavnik.participants import services


class Command(BaseCommand):
    help = "Загрузить участников (наставников и наставляемых) из файла .xlsx или .csv. Всё или ничего."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="файл .xlsx или .csv")
        parser.add_argument("--organization", required=True, help="код (slug) организации")
        parser.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--default-role",
            choices=["mentee", "mentor"],
            default="mentee",
            help="роль, если в файле нет столбца «Роль» (по умолчанию — наставляемый)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"Организация «{options['organization']}» не найдена.", returncode=2)
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Не удалось прочитать файл {path}: {exc.strerror}.", returncode=2) from exc
        with organization_scope(organization):
            result = services.import_participants(
                organization,
                data,
                path.name,
                dry_run=options["dry_run"],
                acting_user=None,
                default_role=options["default_role"],
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print_text(result, options["dry_run"])
        if result.errors:
            raise CommandError(
                "Файл не загружен: исправьте ошибки, в базе ничего не изменилось.", returncode=2
            )

    def _print_text(self, result: services.ImportResult, dry_run: bool) -> None:
        for error in result.errors:
            where = f"строка {error.row}" if error.row else "файл"
            column = f", столбец «{error.column}»" if error.column else ""
            self.stderr.write(f"{where}{column}: {error.message}")
        for duplicate in result.duplicates:
            self.stdout.write(
                f"строка {duplicate.row}: {duplicate.full_name} — {duplicate.message}, пропущена"
            )
        if result.errors:
            return
        if dry_run:
            self.stdout.write(f"Проверка пройдена: будет загружено участников: {result.to_create}.")
        else:
            self.stdout.write(f"Загружено участников: {result.created}.")
