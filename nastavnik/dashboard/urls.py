from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("o/<slug:org>/dashboard/", views.dashboard, name="dashboard"),
    path("o/<slug:org>/risks/", views.risks, name="risks"),
    path("o/<slug:org>/risks/new/", views.risk_new, name="risk_new"),
    path("o/<slug:org>/risks/accept/", views.risk_accept, name="risk_accept"),
    path("o/<slug:org>/risks/<int:pk>/", views.risk_edit, name="risk_edit"),
    path("o/<slug:org>/risks/<int:pk>/close/", views.risk_close, name="risk_close"),
]
