from django.apps import AppConfig


class MentoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.mentoring"
    verbose_name = "Наставничество"

    def ready(self) -> None:
        from nastavnik.audit.services import register_subject

        from .audit_labels import order_labels, pairing_labels

        register_subject("order", order_labels)
        register_subject("pairing", pairing_labels)

        from nastavnik.core.demo import DEMO_EXTENSIONS

        from .demo import load_demo_work

        # After matching's demo (INSTALLED_APPS lists matching first): the pairs' work needs its pairing.
        if load_demo_work not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_demo_work)
