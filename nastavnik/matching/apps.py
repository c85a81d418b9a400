from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.matching"
    verbose_name = "Подбор пар"

    def ready(self) -> None:
        from nastavnik.core.demo import DEMO_EXTENSIONS

        from .demo import load_demo_pairings

        if load_demo_pairings not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_demo_pairings)
