from django.apps import AppConfig


class MentoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.mentoring"
    verbose_name = "Наставничество"

    def ready(self):
        from nastavnik.audit.services import register_subject
        from nastavnik.core.demo import DEMO_EXTENSIONS

        from .audit_labels import order_labels

        register_subject("order", order_labels)

        from .demo import load_demo_pairings

        if load_demo_pairings not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_demo_pairings)
