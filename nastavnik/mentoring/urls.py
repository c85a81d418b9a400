from django.urls import path

from .views import calendar, pairings, work

app_name = "mentoring"
urlpatterns = [
    path("o/<slug:org>/pairings/", pairings.pairings, name="pairings"),
    path("o/<slug:org>/pairings/new/", pairings.pairing_new, name="pairing_new"),
    path("o/<slug:org>/pairings/export.xlsx", pairings.pairings_export, name="pairings_export"),
    path("o/<slug:org>/pairings/<int:pk>/", work.pairing, name="pairing"),
    path("o/<slug:org>/pairings/<int:pk>/meetings/new/", work.meeting_new, name="meeting_new"),
    path("o/<slug:org>/pairings/<int:pk>/plan/", work.plan_start, name="plan_start"),
    path("o/<slug:org>/pairings/<int:pk>/complete/", work.complete, name="complete"),
    path("o/<slug:org>/pairings/<int:pk>/end/", work.end, name="end"),
    path("o/<slug:org>/meetings/<int:pk>/edit/", work.meeting_edit, name="meeting_edit"),
    path("o/<slug:org>/meetings/<int:pk>/held/", work.meeting_held, name="meeting_held"),
    path("o/<slug:org>/meetings/<int:pk>/cancel/", work.meeting_cancel, name="meeting_cancel"),
    path("o/<slug:org>/meetings/<int:pk>/feedback/", work.feedback, name="feedback"),
    path("o/<slug:org>/meetings/<int:pk>/ics/", calendar.meeting_ics, name="meeting_ics"),
    path("o/<slug:org>/plans/<int:pk>/goals/", work.goal_add, name="goal_add"),
    path("o/<slug:org>/plans/<int:pk>/docx/", work.plan_download, name="plan_download"),
    path("o/<slug:org>/goals/<int:pk>/", work.goal_edit, name="goal_edit"),
    path("o/<slug:org>/goals/<int:pk>/tasks/", work.task_add, name="task_add"),
    path("o/<slug:org>/tasks/<int:pk>/", work.task_status, name="task_status"),
    path("o/<slug:org>/my-pairing/", pairings.my_pairing, name="my_pairing"),
    path("o/<slug:org>/orders/<int:pk>/download/", pairings.order_download, name="order_download"),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar_feed"),
    path("calendar/reset/", calendar.reset, name="calendar_reset"),
    path("reminders/email/", calendar.email_reminders, name="email_reminders"),
]
