"""manage.py build_document: build one document of an organization into a DOCX file (documents.building).

A trusted tool of the installation's administrator: no permission check, the organization's scope only.
Mentors and mentees of a rewards order or of certificates are given by their profile ids (--mentors 3,5).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.core.tenancy import organization_scope, scopes_disabled
from nastavnik.organizations.models import Organization

from ... import registry
from ...building import build_document
from ...context import DEFAULT_REWARD, Options
from ...rendering import RenderError


def _ids(value: str, what: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise CommandError(f"{what}: нужны номера через запятую, например 3,5,8.", returncode=2) from None


class Command(BaseCommand):
    help = "Собрать документ организации в файл Word (.docx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", required=True, help="код (slug) организации")
        parser.add_argument("--kind", required=True, help="вид документа: " + ", ".join(registry.CODES))
        parser.add_argument("--year", required=True, help="учебный год: 2025 — это 2025/2026")
        parser.add_argument("--output", required=True, help="куда записать .docx")
        parser.add_argument("--number", default="", help="номер приказа")
        parser.add_argument("--date", default="", help="дата документа ГГГГ-ММ-ДД (по умолчанию сегодня)")
        parser.add_argument("--reward", default=DEFAULT_REWARD, help="вид поощрения (приказ о поощрении)")
        parser.add_argument("--mentors", default="", help="номера профилей наставников через запятую")
        parser.add_argument("--mentees", default="", help="номера профилей наставляемых через запятую")
        parser.add_argument("--plans", default="", help="планы на следующий год (годовой отчёт)")
        parser.add_argument("--cases", default="", help="кейсы лучших практик (годовой отчёт)")

    def handle(self, *args: Any, **options: Any) -> None:
        def fail(message: str) -> CommandError:
            return CommandError(message, returncode=2)

        if options["kind"] not in registry.BY_CODE:
            raise fail(
                f"Неизвестный вид документа «{options['kind']}». Возможные: {', '.join(registry.CODES)}."
            )
        year_text = str(options["year"]).strip()
        if not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
            raise fail(f"Учебный год «{year_text}» не понят: укажите год начала, например 2025.")
        date = None
        if options["date"]:
            try:
                date = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise fail(f"Дата «{options['date']}» не понята: нужен формат ГГГГ-ММ-ДД.") from None
        output = Path(options["output"])
        if output.suffix.lower() != ".docx":
            raise fail("Файл результата должен иметь расширение .docx.")
        if not output.parent.is_dir():
            raise fail(f"Папки «{output.parent}» нет.")
        with scopes_disabled():
            organization = (
                Organization.objects.select_related("municipality__region")
                .filter(slug=options["organization"])
                .first()
            )
        if organization is None:
            raise fail(f"Организации с кодом «{options['organization']}» нет.")
        build_options = Options(
            year=int(year_text),
            date=date,
            number=options["number"],
            reward=options["reward"],
            mentors=_ids(options["mentors"], "--mentors"),
            mentees=_ids(options["mentees"], "--mentees"),
            plans=options["plans"],
            cases=options["cases"],
        )
        if options["kind"] == "rewards_order" and not build_options.mentors:
            raise fail("Для приказа о поощрении укажите наставников: --mentors 3,5,8.")
        if options["kind"] == "certificates" and not (build_options.mentors or build_options.mentees):
            raise fail("Для писем и сертификатов укажите --mentors и (или) --mentees.")
        with organization_scope(organization):
            try:
                content = build_document(organization, options["kind"], build_options)
            except RenderError as exc:
                raise fail(exc.message) from exc
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise fail(f"Не удалось записать файл «{output}»: {exc.strerror}.") from exc
        self.stdout.write(f"{registry.get(options['kind']).title}: {output} ({len(content) // 1024} КБ)")
