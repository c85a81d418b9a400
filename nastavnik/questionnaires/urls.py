from django.urls import path

from .views import builder, respondent, results, sending

app_name = "questionnaires"
Q = "o/<slug:org>/questionnaires/"
urlpatterns = [
    path(Q, builder.index, name="index"),
    path(f"{Q}new/", builder.create, name="create"),
    path(f"{Q}templates/<int:pk>/", builder.template_detail, name="template"),
    path(f"{Q}templates/<int:pk>/copy/", builder.copy, name="copy"),
    path(f"{Q}<int:pk>/", builder.editor, name="editor"),
    path(f"{Q}<int:pk>/preview/", builder.preview, name="preview"),
    path(f"{Q}<int:pk>/delete/", builder.delete, name="delete"),
    path(f"{Q}<int:pk>/sections/add/", builder.section_add, name="section_add"),
    path(f"{Q}sections/<int:section>/", builder.section_edit, name="section_edit"),
    path(f"{Q}sections/<int:section>/delete/", builder.section_delete, name="section_delete"),
    path(f"{Q}sections/<int:pk>/move/", builder.move, {"what": "section"}, name="section_move"),
    path(f"{Q}sections/<int:section>/questions/add/", builder.question_add, name="question_add"),
    path(f"{Q}questions/<int:question>/", builder.question_edit, name="question_edit"),
    path(f"{Q}questions/<int:question>/delete/", builder.question_delete, name="question_delete"),
    path(f"{Q}questions/<int:pk>/move/", builder.move, {"what": "question"}, name="question_move"),
    path(f"{Q}<int:pk>/send/", sending.send, name="send"),
    path(f"{Q}<int:pk>/invitations/", sending.invitations, name="invitations"),
    path(f"{Q}<int:pk>/invitations.xlsx", sending.invitations_xlsx, name="invitations_xlsx"),
    path(
        f"{Q}invitations/<int:invitation>/revoke/",
        sending.invitation_change,
        {"change": "revoke"},
        name="invitation_revoke",
    ),
    path(
        f"{Q}invitations/<int:invitation>/resend/",
        sending.invitation_change,
        {"change": "resend"},
        name="invitation_resend",
    ),
    path(f"{Q}<int:pk>/results/", results.results, name="results"),
    path(f"{Q}<int:pk>/results.xlsx", results.results_xlsx, name="results_xlsx"),
    # The respondent's pages: no account, the token is the key.
    path("q/<str:token>/", respondent.respond, name="respond"),
    path("q/<str:token>/save/<int:question>/", respondent.autosave, name="autosave"),
    path("q/<str:token>/thanks/", respondent.thanks, name="thanks"),
]
