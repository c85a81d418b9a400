"""`manage.py restore DIR [--force]`: a backup into an empty database and MEDIA_ROOT, checked against its manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Восстанавливает резервную копию (manage.py backup) в пустую базу данных и пустой каталог файлов и "
        "сверяет строки каждой таблицы и каждый файл с манифестом. Непустую базу заменяет только с --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="каталог резервной копии")
        parser.add_argument(
            "--force", action="store_true", help="заменить содержимое непустой базы и каталога файлов"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        if not source.is_dir():
            raise CommandError(f"Каталог {source} не найден.")
        try:
            report = restore(source, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Восстановлено и сверено с манифестом: таблиц {report.tables}, строк {report.rows}, "
            f"файлов {report.media_files}."
        )
