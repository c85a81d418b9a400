from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("o/<slug:org>/", views.detail, name="detail"),
    path("o/<slug:org>/members/", views.members, name="members"),
    path("o/<slug:org>/staff-two-factor/", views.staff_two_factor, name="staff_two_factor"),
    path("region/<slug:region>/", views.region, name="region"),
]
