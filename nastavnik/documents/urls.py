from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("o/<slug:org>/documents/", views.index, name="index"),
    path("o/<slug:org>/documents/new/<slug:kind>/", views.build, name="build"),
    path("o/<slug:org>/documents/<int:pk>/", views.document, name="document"),
    path("o/<slug:org>/documents/<int:pk>/status/", views.document_status, name="document_status"),
    path("o/<slug:org>/documents/<int:pk>/download/", views.download, name="download"),
    path("o/<slug:org>/documents/<int:pk>/publish/", views.publish, name="publish"),
    path("o/<slug:org>/documents/templates/<slug:kind>/", views.template, name="template"),
    path(
        "o/<slug:org>/documents/templates/<slug:kind>/revert/", views.template_revert, name="template_revert"
    ),
    path(
        "o/<slug:org>/documents/templates/<slug:kind>/file/",
        views.template_download,
        name="template_download",
    ),
]
