"""`manage.py backup --output DIR`: the database and the uploaded files, with a manifest (operations/backup.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Резервная копия базы данных (SQLite — онлайн, пока сервер работает; PostgreSQL — pg_dump) и загруженных "
        "файлов в новый или пустой каталог, с манифестом для проверки при восстановлении."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="каталог для копии (новый или пустой)")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        try:
            manifest = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Резервная копия готова: {output} ({manifest.engine}; таблиц: {len(manifest.tables)}, "
            f"строк: {sum(manifest.tables.values())}, файлов: {len(manifest.media)})."
        )
