from typing import Any

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from nastavnik.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Загрузить демонстрационные данные (повторный запуск ничего не меняет)."

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            logins = load_demo()
        width = max(len(label) for label, _ in logins)
        self.stdout.write(f"Демо-входы (пароль у всех: {DEMO_PASSWORD}):")
        for label, email in logins:
            self.stdout.write(f"  {label.ljust(width)}  {email}")
