"""`manage.py generate_region --region SLUG --organizations N --participants-per-organization M`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from nastavnik.regions.generator import generate_region
from nastavnik.roadmaps.queries import current_academic_year


class Command(BaseCommand):
    help = (
        "Создаёт синтетический регион для нагрузочных замеров и демонстрации: муниципалитеты, организации, "
        "базы участников, пары, встречи, обратную связь, дорожные карты и контингент. Доверенная команда "
        "администратора установки: права не проверяются."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="код региона (создаётся, если его нет)")
        parser.add_argument("--name", default="", help="название нового региона")
        parser.add_argument("--organizations", type=int, required=True)
        parser.add_argument("--participants-per-organization", type=int, required=True)
        parser.add_argument("--year", type=int, default=None, help="учебный год (2025 = 2025/26)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["organizations"] < 1 or options["participants_per_organization"] < 0:
            raise CommandError("Число организаций должно быть не меньше 1, участников — не меньше 0.")
        if options["organizations"] > 100_000 or options["participants_per_organization"] > 100_000:
            raise CommandError("Слишком большой регион: не больше 100 000 организаций и участников в каждой.")
        year = options["year"] or current_academic_year()
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1 or done == total:
                self.stdout.write(f"{done}/{total} организаций, {time.perf_counter() - started:.1f} с")

        with scopes_disabled():
            result = generate_region(
                options["region"],
                name=options["name"],
                organizations=options["organizations"],
                participants_per_organization=options["participants_per_organization"],
                academic_year=year,
                seed=options["seed"],
                progress=progress,
            )
        rows = sum(result.counts.values())
        self.stdout.write(
            f"Регион {result.region.slug}: {result.municipalities} муниципалитетов, "
            f"{result.organizations} организаций, {rows} строк за {time.perf_counter() - started:.1f} с"
        )
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"  {label}: {count}")
