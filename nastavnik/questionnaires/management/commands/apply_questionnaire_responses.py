"""Transfer submitted responses into the bases again (after a failure, or after a curator fixed `maps_to`).

A trusted system job (whoever runs manage.py administers the installation): no permission check, and
nobody acts (`acting_user=None`), as on the respondent's own submit.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.core.tenancy import scopes_disabled
from nastavnik.organizations.models import Organization
from nastavnik.questionnaires.models import Response
from nastavnik.questionnaires.services import apply_response


class Command(BaseCommand):
    help = (
        "Переносит ответы отправленных анкет в базы наставников и наставляемых (повторный запуск безопасен)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organization", help="код организации (slug)")
        parser.add_argument(
            "--all", action="store_true", help="все отправленные ответы, а не только не перенесённые"
        )

    def handle(self, *args: str, **options: Any) -> None:
        with scopes_disabled():
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                raise CommandError(f"Организация «{options['organization']}» не найдена.")
            responses = Response.objects.filter(organization=organization, submitted_at__isnull=False)
            if not options["all"]:
                responses = responses.filter(applied_at__isnull=True)
            requests = competences = 0
            for response in responses.select_related("organization").order_by("pk"):
                summary = apply_response(response, acting_user=None)
                requests += summary.requests_created
                competences += summary.competences_created
        self.stdout.write(f"Запросов добавлено: {requests}, компетенций добавлено: {competences}.")
