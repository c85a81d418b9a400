from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "nastavnik.operations"
    label = "operations"
    verbose_name = _("Эксплуатация")
    default_auto_field = "django.db.models.BigAutoField"
