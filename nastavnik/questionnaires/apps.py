from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.questionnaires"
    verbose_name = "Анкеты"

    def ready(self) -> None:
        from nastavnik.audit.services import register_subject
        from nastavnik.core.demo import DEMO_EXTENSIONS
        from nastavnik.participants.filters import register

        from .answered import ANSWERED
        from .audit_labels import questionnaire_labels

        register_subject("questionnaire", questionnaire_labels)
        from .demo import load_demo_questionnaires

        register(ANSWERED)

        if load_demo_questionnaires not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_demo_questionnaires)
