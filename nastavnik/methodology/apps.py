from django.apps import AppConfig


class MethodologyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.methodology"
    verbose_name = "Методология"
