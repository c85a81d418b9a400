from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("region/<slug:region>/dashboard/", views.dashboard, name="dashboard"),
    path("region/<slug:region>/dashboard/m/<slug:municipality>/", views.municipality, name="municipality"),
    path("region/<slug:region>/dashboard/o/<slug:org>/", views.organization, name="organization"),
    path("region/<slug:region>/dashboard/history/", views.history, name="history"),
    path("region/<slug:region>/dashboard/export.xlsx", views.export_xlsx, name="export"),
    path("region/<slug:region>/targets/", views.targets, name="targets"),
]
