from django.apps import AppConfig


class MentoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.mentoring"
    verbose_name = "Наставничество"

    def ready(self) -> None:
        from nastavnik.core.demo import DEMO_EXTENSIONS

        from .demo import load_demo_work

        # After matching's demo (INSTALLED_APPS lists matching first): the pairs' work needs its pairing.
        if load_demo_work not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_demo_work)
