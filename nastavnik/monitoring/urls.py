from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("o/<slug:org>/monitoring/", views.indicators, name="indicators"),
    path("o/<slug:org>/monitoring/<int:year>/", views.year_page, name="year"),
    path("o/<slug:org>/monitoring/<int:year>/contingent/", views.contingent, name="contingent"),
    path("o/<slug:org>/monitoring/<int:year>/swot/", views.swot, name="swot"),
    path("o/<slug:org>/monitoring/<int:year>/growth/", views.measures, name="measures"),
    path(
        "o/<slug:org>/monitoring/<int:year>/growth/template.xlsx",
        views.measures_template,
        name="measures_template",
    ),
    path("o/<slug:org>/monitoring/<int:year>/growth/import/", views.measures_import, name="measures_import"),
]
