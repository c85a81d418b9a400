from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.core"
    verbose_name = "Общее"

    def ready(self) -> None:
        from . import lookups

        lookups.register()
