from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.monitoring"
    verbose_name = "Мониторинг"

    def ready(self) -> None:
        from nastavnik.core.demo import DEMO_EXTENSIONS

        from .demo import load_demo_monitoring

        # After the roadmaps and mentoring demos (INSTALLED_APPS order): the target needs the programme.
        if load_demo_monitoring not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_demo_monitoring)
