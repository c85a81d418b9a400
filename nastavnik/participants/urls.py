from django.urls import URLPattern, path

from . import import_views
from .views import consent, imports, lists, partners, people

app_name = "participants"
#: Which list a page of the bases shows (keyword arguments of lists.base_list and lists.export_list).
MENTEES = {"kind": "mentees"}
MENTORS = {"kind": "mentors"}
REGISTER = {"kind": "mentors", "register": True}
urlpatterns: list[URLPattern] = [
    path("o/<slug:org>/mentees/", lists.base_list, MENTEES, name="mentees"),
    path("o/<slug:org>/mentees/export.xlsx", lists.export_list, MENTEES, name="mentees_export"),
    path("o/<slug:org>/mentors/", lists.base_list, MENTORS, name="mentors"),
    path("o/<slug:org>/mentors/export.xlsx", lists.export_list, MENTORS, name="mentors_export"),
    path("o/<slug:org>/mentors/register/", lists.base_list, REGISTER, name="register"),
    path("o/<slug:org>/mentors/register/export.xlsx", lists.export_list, REGISTER, name="register_export"),
    path("o/<slug:org>/partners/", partners.partners, name="partners"),
    path("o/<slug:org>/me/", consent.me, name="me"),
    path("o/<slug:org>/me/<int:pk>/consent/", consent.me_consent_give, name="me_consent_give"),
    path(
        "o/<slug:org>/me/<int:pk>/consent/<int:consent_id>/revoke/",
        consent.me_consent_revoke,
        name="me_consent_revoke",
    ),
    path("o/<slug:org>/people/add/", people.person_add, name="person_add"),
    path("o/<slug:org>/people/<int:pk>/", people.person, name="person"),
    path("o/<slug:org>/people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("o/<slug:org>/people/<int:pk>/mentee/", people.mentee_profile_edit, name="mentee_profile"),
    path("o/<slug:org>/people/<int:pk>/mentor/", people.mentor_profile_edit, name="mentor_profile"),
    path("o/<slug:org>/people/<int:pk>/requests/add/", people.request_add, name="request_add"),
    path("o/<slug:org>/people/<int:pk>/competences/add/", people.competence_add, name="competence_add"),
    path("o/<slug:org>/people/<int:pk>/mentor/status/", people.mentor_status, name="mentor_status"),
    path("o/<slug:org>/people/<int:pk>/mentor/interview/", people.interview_add, name="interview_add"),
    path("o/<slug:org>/people/<int:pk>/mentor/training/", people.training_add, name="training_add"),
    path(
        "o/<slug:org>/people/<int:pk>/mentor/training/<int:training_id>/certificate/",
        people.training_certificate,
        name="training_certificate",
    ),
    path("o/<slug:org>/people/<int:pk>/consents/add/", consent.consent_add, name="consent_add"),
    path(
        "o/<slug:org>/people/<int:pk>/consents/link/", consent.consent_link_create, name="consent_link_create"
    ),
    path(
        "o/<slug:org>/people/<int:pk>/consents/link/<int:request_id>/cancel/",
        consent.consent_link_cancel,
        name="consent_link_cancel",
    ),
    path(
        "o/<slug:org>/people/<int:pk>/consents/<int:consent_id>/revoke/",
        consent.consent_revoke,
        name="consent_revoke",
    ),
    path(
        "o/<slug:org>/people/<int:pk>/consents/<int:consent_id>/scan/",
        consent.consent_scan,
        name="consent_scan",
    ),
    path("o/<slug:org>/import/", imports.import_upload, name="import"),
    path("o/<slug:org>/import/<str:token>/", imports.import_mapping, name="import_mapping"),
    path("o/<slug:org>/import/jobs/<int:pk>/", import_views.job_status, name="import_job"),
    path("consent/<str:token>/", consent.consent_link, name="consent_link"),
]
