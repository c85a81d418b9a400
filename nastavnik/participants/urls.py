from django.urls import path

from . import import_views, views

app_name = "participants"
urlpatterns = [
    path("o/<slug:org>/mentees/", views.mentees, name="mentees"),
    path("o/<slug:org>/mentees/export.xlsx", views.mentees_export, name="mentees_export"),
    path("o/<slug:org>/mentors/", views.mentors, name="mentors"),
    path("o/<slug:org>/mentors/export.xlsx", views.mentors_export, name="mentors_export"),
    path("o/<slug:org>/mentors/register/", views.register, name="register"),
    path("o/<slug:org>/mentors/register/export.xlsx", views.register_export, name="register_export"),
    path("o/<slug:org>/partners/", views.partners, name="partners"),
    path("o/<slug:org>/me/", views.me, name="me"),
    path("o/<slug:org>/me/<int:pk>/consent/", views.me_consent_give, name="me_consent_give"),
    path(
        "o/<slug:org>/me/<int:pk>/consent/<int:consent_id>/revoke/",
        views.me_consent_revoke,
        name="me_consent_revoke",
    ),
    path("o/<slug:org>/people/add/", views.person_add, name="person_add"),
    path("o/<slug:org>/people/<int:pk>/", views.person, name="person"),
    path("o/<slug:org>/people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("o/<slug:org>/people/<int:pk>/mentee/", views.mentee_profile_edit, name="mentee_profile"),
    path("o/<slug:org>/people/<int:pk>/mentor/", views.mentor_profile_edit, name="mentor_profile"),
    path("o/<slug:org>/people/<int:pk>/requests/add/", views.request_add, name="request_add"),
    path("o/<slug:org>/people/<int:pk>/competences/add/", views.competence_add, name="competence_add"),
    path("o/<slug:org>/people/<int:pk>/mentor/status/", views.mentor_status, name="mentor_status"),
    path("o/<slug:org>/people/<int:pk>/mentor/interview/", views.interview_add, name="interview_add"),
    path("o/<slug:org>/people/<int:pk>/mentor/training/", views.training_add, name="training_add"),
    path(
        "o/<slug:org>/people/<int:pk>/mentor/training/<int:training_id>/certificate/",
        views.training_certificate,
        name="training_certificate",
    ),
    path("o/<slug:org>/people/<int:pk>/consents/add/", views.consent_add, name="consent_add"),
    path(
        "o/<slug:org>/people/<int:pk>/consents/link/", views.consent_link_create, name="consent_link_create"
    ),
    path(
        "o/<slug:org>/people/<int:pk>/consents/link/<int:request_id>/cancel/",
        views.consent_link_cancel,
        name="consent_link_cancel",
    ),
    path(
        "o/<slug:org>/people/<int:pk>/consents/<int:consent_id>/revoke/",
        views.consent_revoke,
        name="consent_revoke",
    ),
    path(
        "o/<slug:org>/people/<int:pk>/consents/<int:consent_id>/scan/",
        views.consent_scan,
        name="consent_scan",
    ),
    path("o/<slug:org>/import/", views.import_upload, name="import"),
    path("o/<slug:org>/import/<str:token>/", views.import_mapping, name="import_mapping"),
    path("o/<slug:org>/import/jobs/<int:pk>/", import_views.job_status, name="import_job"),
    path("consent/<str:token>/", views.consent_link, name="consent_link"),
]
