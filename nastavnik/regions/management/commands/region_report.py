"""`manage.py region_report --region SLUG --year YYYY --format json|xlsx [--output FILE]`."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from nastavnik.organizations.models import Municipality, Region
from nastavnik.regions import export, queries


class Command(BaseCommand):
    help = (
        "Показатели всех организаций региона за учебный год — то же, что отвечает API "
        "/api/v1/regions/{slug}/indicators (с сокрытием чисел меньше 5). Доверенная команда администратора."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True)
        parser.add_argument("--year", type=int, required=True, help="учебный год (2025 = 2025/26)")
        parser.add_argument("--format", choices=("json", "xlsx"), default="json")
        parser.add_argument("--municipality", default="", help="код муниципалитета: только он")
        parser.add_argument("--output", default="", help="файл (по умолчанию — стандартный вывод)")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(slug=options["region"]).first()
        if region is None:
            raise CommandError(f"Регион «{options['region']}» не найден.")
        if not 2000 <= options["year"] <= 2100:
            raise CommandError("Учебный год — четыре цифры, например 2025 (это 2025/26).")
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(region=region, slug=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Муниципалитет «{options['municipality']}» не найден в регионе.")
        with scopes_disabled():
            report = queries.territory_report(region, options["year"], municipality)
        if options["format"] == "json":
            content = json.dumps(queries.api_payload(report), ensure_ascii=False, indent=2).encode()
        else:
            content = export.report_xlsx(report)
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(content)
        elif options["format"] == "json":
            self.stdout.write(content.decode())
        else:
            sys.stdout.buffer.write(content)
