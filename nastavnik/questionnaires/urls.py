from django.urls import path

from . import views

app_name = "questionnaires"
Q = "o/<slug:org>/questionnaires/"
urlpatterns = [
    path(Q, views.index, name="index"),
    path(f"{Q}new/", views.create, name="create"),
    path(f"{Q}templates/<int:pk>/", views.template_detail, name="template"),
    path(f"{Q}templates/<int:pk>/copy/", views.copy, name="copy"),
    path(f"{Q}<int:pk>/", views.editor, name="editor"),
    path(f"{Q}<int:pk>/preview/", views.preview, name="preview"),
    path(f"{Q}<int:pk>/delete/", views.delete, name="delete"),
    path(f"{Q}<int:pk>/sections/add/", views.section_add, name="section_add"),
    path(f"{Q}sections/<int:section>/", views.section_edit, name="section_edit"),
    path(f"{Q}sections/<int:section>/delete/", views.section_delete, name="section_delete"),
    path(f"{Q}sections/<int:section>/move/", views.section_move, name="section_move"),
    path(f"{Q}sections/<int:section>/questions/add/", views.question_add, name="question_add"),
    path(f"{Q}questions/<int:question>/", views.question_edit, name="question_edit"),
    path(f"{Q}questions/<int:question>/delete/", views.question_delete, name="question_delete"),
    path(f"{Q}questions/<int:question>/move/", views.question_move, name="question_move"),
    path(f"{Q}<int:pk>/send/", views.send, name="send"),
    path(f"{Q}<int:pk>/invitations/", views.invitations, name="invitations"),
    path(f"{Q}<int:pk>/invitations.xlsx", views.invitations_xlsx, name="invitations_xlsx"),
    path(f"{Q}invitations/<int:invitation>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path(f"{Q}invitations/<int:invitation>/resend/", views.invitation_resend, name="invitation_resend"),
    path(f"{Q}<int:pk>/results/", views.results, name="results"),
    path(f"{Q}<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    # The respondent's pages: no account, the token is the key.
    path("q/<str:token>/", views.respond, name="respond"),
    path("q/<str:token>/save/<int:question>/", views.autosave, name="autosave"),
    path("q/<str:token>/thanks/", views.thanks, name="thanks"),
]
