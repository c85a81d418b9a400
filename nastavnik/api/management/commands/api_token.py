"""`manage.py api_token EMAIL [--name NAME]`: create a personal API token and print it alone on one line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.accounts.models import User
from nastavnik.api.tokens import create_token


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with e-mail {options['email']}")
        _record, token = create_token(user, options["name"] or "manage.py api_token")
        self.stdout.write(token)
