from django.urls import path

from . import views

app_name = "roadmaps"
urlpatterns = [
    path("o/<slug:org>/roadmap/", views.roadmap, name="roadmap"),
    path("o/<slug:org>/roadmap/new/", views.create_programme, name="create"),
    path("o/<slug:org>/roadmap/import/", views.import_upload, name="import"),
    path("o/<slug:org>/roadmap/import/<int:draft_id>/", views.import_preview, name="import_preview"),
    path("o/<slug:org>/roadmap/import/<int:draft_id>/cancel/", views.import_cancel, name="import_cancel"),
    path("o/<slug:org>/roadmap/responsible/", views.responsible, name="responsible"),
    path("o/<slug:org>/roadmap/<int:roadmap_id>/export/<str:fmt>/", views.roadmap_export, name="export"),
    path("o/<slug:org>/roadmap/<int:roadmap_id>/delete/", views.roadmap_delete, name="delete"),
    path("o/<slug:org>/roadmap/activity/<int:pk>/", views.activity_detail, name="activity"),
    path("o/<slug:org>/roadmap/activity/<int:pk>/status/", views.activity_status, name="activity_status"),
    path("o/<slug:org>/roadmap/activity/<int:pk>/done/", views.activity_done, name="activity_done"),
    path(
        "o/<slug:org>/roadmap/activity/<int:pk>/evidence/", views.activity_evidence, name="activity_evidence"
    ),
    path("o/<slug:org>/roadmap/activity/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("o/<slug:org>/roadmap/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("o/<slug:org>/tasks/", views.my_tasks, name="my_tasks"),
]
