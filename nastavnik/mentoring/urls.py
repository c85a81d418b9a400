from django.urls import path

from . import views

app_name = "mentoring"
urlpatterns = [
    path("o/<slug:org>/pairings/", views.pairings, name="pairings"),
    path("o/<slug:org>/my-pairing/", views.my_pairing, name="my_pairing"),
    path("o/<slug:org>/orders/<int:pk>/download/", views.order_download, name="order_download"),
]
