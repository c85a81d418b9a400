"""Delete access-log records older than ACCESS_LOG_RETENTION_DAYS (run daily, like send_reminders)."""

from typing import Any

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from nastavnik.audit.services import purge_expired


class Command(BaseCommand):
    help = "Удаляет записи журнала доступа старше срока хранения (ACCESS_LOG_RETENTION_DAYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            deleted = purge_expired()
        self.stdout.write(f"Удалено записей журнала доступа: {deleted}")
