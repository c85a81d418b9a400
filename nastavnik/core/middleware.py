"""Opens the tenancy scope of each request: the organizations of the logged-in user, nothing else."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django_scopes import scope, scopes_disabled

from nastavnik.accounts.permissions import organization_ids


class TenancyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if request.path.startswith("/admin/") and user.is_authenticated and user.is_superuser:
            # The Django admin is the superuser's tool for the whole installation.
            with scopes_disabled():
                return self.get_response(request)
        with scope(organization=organization_ids(user)):
            return self.get_response(request)
