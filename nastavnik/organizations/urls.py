from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("o/<slug:org>/", views.detail, name="detail"),
    path("o/<slug:org>/members/", views.members, name="members"),
    path("region/<slug:region>/", views.region, name="region"),
]
