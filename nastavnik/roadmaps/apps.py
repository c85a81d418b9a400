from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nastavnik.roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self) -> None:
        from nastavnik.core.demo import DEMO_EXTENSIONS

        from .demo import load_roadmap_demo

        if load_roadmap_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_roadmap_demo)
