from django.apps import AppConfig


class MentoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.mentoring"
    verbose_name = "Наставничество"

    def ready(self) -> None:
        from nastavnik.audit.services import register_subject

        from .audit_labels import order_labels

        register_subject("order", order_labels)
