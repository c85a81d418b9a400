from django.apps import AppConfig


class PublicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.public"
    verbose_name = "Публичная страница"

    def ready(self) -> None:
        from nastavnik.core.demo import DEMO_EXTENSIONS

        from . import signals  # noqa: F401 - connects the cache invalidation on consent and people changes
        from .demo import load_demo_public

        if load_demo_public not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_demo_public)
