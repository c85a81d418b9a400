from django.urls import URLPattern, URLResolver, path

from . import views
from .api import api

app_name = "api_keys"

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/api-keys/", views.tokens_page, name="tokens"),
    path("accounts/api-keys/<int:pk>/revoke", views.revoke, name="revoke"),
]

api_urls = api.urls
