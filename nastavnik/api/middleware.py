"""Token authentication for /api/: runs before the tenancy middleware, so the scope it opens is the token
user's organizations, exactly as for a logged-in page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from . import tokens

API_PREFIX = "/api/"


def bearer_token(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer <token>` header ("" for a malformed one), None without it."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


class ApiTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            token = bearer_token(request)
            if token is not None:
                # A request that presents a token is judged by the token alone, never by a session cookie.
                record = tokens.authenticate(token)
                request.api_token = record  # type: ignore[attr-defined]
                request.user = record.user if record is not None else AnonymousUser()
        return self.get_response(request)
