from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.participants"
    verbose_name = "Участники"

    def ready(self) -> None:
        from nastavnik.audit.services import register_subject
        from nastavnik.core.demo import DEMO_EXTENSIONS

        from .audit_labels import participant_labels

        register_subject("participant", participant_labels)

        from . import demo

        if demo.load not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo.load)
