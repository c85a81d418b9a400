from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("o/<slug:org>/matching/", views.index, name="index"),
    path("o/<slug:org>/matching/compare/", views.compare, name="compare"),
    path("o/<slug:org>/matching/runs/<int:pk>/", views.run_detail, name="run"),
    path("o/<slug:org>/matching/runs/<int:pk>/rule/", views.rule, name="rule"),
    path("o/<slug:org>/matching/runs/<int:pk>/rerun/", views.rerun, name="rerun"),
    path("o/<slug:org>/matching/runs/<int:pk>/approve/", views.approve, name="approve"),
    path("o/<slug:org>/matching/thesaurus/", views.thesaurus, name="thesaurus"),
    path(
        "o/<slug:org>/matching/thesaurus/<int:entry_id>/delete/",
        views.thesaurus_delete,
        name="thesaurus_delete",
    ),
    path("region/<slug:region>/matching/thesaurus/", views.region_thesaurus, name="region_thesaurus"),
    path(
        "region/<slug:region>/matching/thesaurus/<int:entry_id>/delete/",
        views.region_thesaurus_delete,
        name="region_thesaurus_delete",
    ),
    path("o/<slug:org>/matching/rules/<int:rule_id>/delete/", views.rule_delete, name="rule_delete"),
]
