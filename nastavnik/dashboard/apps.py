from django.apps import AppConfig


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.dashboard"
    verbose_name = "Панель программы"

    def ready(self) -> None:
        from nastavnik.core.views import HOME_PANELS

        from .views import home_panel

        HOME_PANELS.append(home_panel)
