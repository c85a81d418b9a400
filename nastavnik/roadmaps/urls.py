from django.urls import path

from .views import activities, imports, plan

app_name = "roadmaps"
urlpatterns = [
    path("o/<slug:org>/roadmap/", plan.roadmap, name="roadmap"),
    path("o/<slug:org>/roadmap/new/", imports.create_programme, name="create"),
    path("o/<slug:org>/roadmap/import/", imports.import_upload, name="import"),
    path("o/<slug:org>/roadmap/import/<int:draft_id>/", imports.import_preview, name="import_preview"),
    path("o/<slug:org>/roadmap/import/<int:draft_id>/cancel/", imports.import_cancel, name="import_cancel"),
    path("o/<slug:org>/roadmap/responsible/", plan.responsible, name="responsible"),
    path("o/<slug:org>/roadmap/<int:roadmap_id>/export/<str:fmt>/", plan.roadmap_export, name="export"),
    path("o/<slug:org>/roadmap/<int:roadmap_id>/delete/", plan.roadmap_delete, name="delete"),
    path("o/<slug:org>/roadmap/activity/<int:pk>/", activities.activity_detail, name="activity"),
    path(
        "o/<slug:org>/roadmap/activity/<int:pk>/status/", activities.activity_status, name="activity_status"
    ),
    path("o/<slug:org>/roadmap/activity/<int:pk>/done/", activities.activity_done, name="activity_done"),
    path(
        "o/<slug:org>/roadmap/activity/<int:pk>/evidence/",
        activities.activity_evidence,
        name="activity_evidence",
    ),
    path("o/<slug:org>/roadmap/activity/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("o/<slug:org>/roadmap/evidence/<int:pk>/", activities.evidence_file, name="evidence"),
    path("o/<slug:org>/tasks/", plan.my_tasks, name="my_tasks"),
]
