from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.accounts"
    verbose_name = "Пользователи"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        user_logged_in.connect(_on_login, dispatch_uid="nastavnik_start_session")
        user_login_failed.connect(_on_login_failed, dispatch_uid="nastavnik_count_login_failure")


def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from .middleware import start_session

    if request is not None and hasattr(request, "session"):
        start_session(request, user)


def _on_login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    from . import throttle

    if request is not None:
        throttle.login_failed(request)
