from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.questionnaires"
    verbose_name = "Анкеты"
