"""manage.py indicators: an organization's indicators of a year, as the API answers them (json) or as a
table (text). A thin wrapper over monitoring.indicators; trusted (the operator's command): no permission
check."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.core.tenancy import scopes_disabled
from nastavnik.monitoring.indicators import indicators_answer
from nastavnik.organizations.models import Organization
from nastavnik.roadmaps.models import academic_year_label
from nastavnik.roadmaps.queries import current_academic_year

STATUS_WORDS = {
    "on_track": "в графике",
    "behind": "отстаём",
    "no_target": "цель не задана",
    "no_data": "нет данных",
}


def _num(value: float | None, share: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %" if share else text


class Command(BaseCommand):
    help = "Показатели мониторинга организации за учебный год (как отвечает API)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", required=True, help="код (slug) организации")
        parser.add_argument(
            "--year", type=int, help="учебный год: 2025 означает 2025/26 (по умолчанию текущий)"
        )
        parser.add_argument("--format", default="text", dest="fmt", choices=["json", "text"])

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or current_academic_year()
        if not 2000 <= year <= 2100:
            raise CommandError("Учебный год должен быть между 2000 и 2100.")
        with scopes_disabled():
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                raise CommandError(f"Нет организации с кодом «{options['organization']}».")
            answer = indicators_answer(organization, year)
        if options["fmt"] == "json":
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        from nastavnik.methodology.indicators import SHARE_CODES

        self.stdout.write(f"{organization.short_name}, {academic_year_label(year)} учебный год")
        for item in answer["items"]:
            share = item["code"] in SHARE_CODES
            of = (
                f" ({_num(item['numerator'])} из {item['denominator']})"
                if item["denominator"] is not None
                else ""
            )
            target = (
                f"; цель {_num(item['target'], share)} к {academic_year_label(item['target_year'])}"
                if item["target"] is not None
                else ""
            )
            self.stdout.write(
                f"{item['title']}: {_num(item['value'], share)}{of}{target} — {STATUS_WORDS[item['status']]}"
            )
