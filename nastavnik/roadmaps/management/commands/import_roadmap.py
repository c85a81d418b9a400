"""``manage.py import_roadmap PATH [--organization SLUG] [--academic-year YYYY] [--dry-run] [--format json]``.

A thin wrapper over the reader and `services.import_roadmap`: without --organization (or with
--dry-run) it only reads and reports; with it, the roadmap is written in one transaction. Whoever runs
the command is trusted (it has the server's shell): no permission is checked and no person is recorded
as the author (`acting_user=None`). Anything that
cannot be imported exits with code 2 and a Russian message on stderr, and writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from nastavnik.organizations.models import Organization
from nastavnik.roadmaps.reader import RoadmapDraft, RoadmapReadError
from nastavnik.roadmaps.services import MAX_YEAR, MIN_YEAR, RoadmapError, import_roadmap, read_draft


class Command(BaseCommand):
    help = "Импортирует дорожную карту из файла DOCX, XLSX, PDF или текстового."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Путь к файлу дорожной карты")
        parser.add_argument("--organization", help="Код (slug) организации, в которую импортировать")
        parser.add_argument(
            "--academic-year",
            type=int,
            default=None,
            help="Первый год учебного года (2023 означает 2023/24), если в документе он другой или не указан",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Только прочитать и показать, ничего не записывать"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Вид вывода")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        year = options["academic_year"]
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"Учебный год указан неверно: {year}.", returncode=2)
        with scopes_disabled():
            organization = None
            if options["organization"]:
                organization = Organization.objects.filter(slug=options["organization"]).first()
                if organization is None:
                    raise CommandError(f"Организация «{options['organization']}» не найдена.", returncode=2)
            if not path.is_file():
                raise CommandError(f"Файл «{path}» не найден.", returncode=2)
            try:
                draft = read_draft(path, path.name, year)
            except RoadmapReadError as exc:
                raise CommandError(f"{path.name}: {exc.message}", returncode=2) from exc
            roadmap = None
            if organization is not None and not options["dry_run"]:
                try:
                    roadmap = import_roadmap(organization, draft, acting_user=None, filename=path.name)
                except RoadmapError as exc:
                    raise CommandError(exc.message, returncode=2) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(draft.to_dict(), ensure_ascii=False, indent=2))
            out = self.stderr
        else:
            out = self.stdout
            self._summary(draft)
        if roadmap is not None and organization is not None:
            out.write(
                f"Импортировано в «{organization.short_name}»: дорожная карта № {roadmap.pk}, "
                f"этапов {len(draft.stages)}, мероприятий {len(draft.activities)}."
            )
        elif organization is not None:
            out.write("Пробный запуск: ничего не записано.")
        else:
            out.write("Организация не указана (--organization): ничего не записано.")

    def _summary(self, draft: RoadmapDraft) -> None:
        year = f"{draft.academic_year}/{(draft.academic_year + 1) % 100:02d}" if draft.academic_year else "—"
        self.stdout.write(f"{draft.title}")
        self.stdout.write(
            f"Учебный год: {year}; этапов: {len(draft.stages)}; мероприятий: {len(draft.activities)}; "
            f"рисков: {len(draft.risks)}; целевых показателей: {len(draft.targets)}."
        )
        for stage in draft.stages:
            self.stdout.write(
                f"  {stage.number or '—'}. {stage.title} — мероприятий: {len(stage.activities)}"
            )
        if draft.warnings:
            self.stdout.write("Замечания:")
            for warning in draft.warnings:
                self.stdout.write(f"  – {warning}")
