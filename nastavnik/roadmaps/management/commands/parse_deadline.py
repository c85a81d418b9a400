"""``manage.py parse_deadline "TEXT" --academic-year 2023``: show how a roadmap deadline phrase is understood.

A thin wrapper over :func:`nastavnik.roadmaps.deadlines.deadline_json`, so methodologists and
developers can check a phrase from the shell without importing a roadmap.
"""

from django.core.management.base import BaseCommand, CommandParser

from nastavnik.roadmaps.deadlines import deadline_json


class Command(BaseCommand):
    help = "Разбирает текст срока из дорожной карты и печатает один JSON-объект."
    requires_system_checks: list[str] = []  # pure text processing: no database, nothing to check

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="Текст срока, например «Сентябрь-октябрь 2023 г.»")
        parser.add_argument(
            "--academic-year",
            type=int,
            default=None,
            help="Первый год учебного года: 2023 означает 2023/24. Без него месяцы без года не получат дат.",
        )

    def handle(self, *args: object, **options: object) -> None:
        academic_year = options["academic_year"]
        assert academic_year is None or isinstance(academic_year, int)
        self.stdout.write(deadline_json(str(options["text"]), academic_year))
