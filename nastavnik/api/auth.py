"""Who is calling: a personal token (`Authorization: Bearer`), or the web session for reads (and for writes
only with a valid CSRF token). The token itself is resolved by ApiTokenMiddleware before the tenancy scope
opens; here we only decide whether the request may proceed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle
from ninja.utils import check_csrf

from .middleware import bearer_token
from .models import ApiToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_RATE = "600/min"


class TokenOrSession(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        if bearer_token(request) is not None:
            return getattr(request, "api_token", None)
        user = request.user
        if not user.is_authenticated:
            return None
        if request.method in SAFE_METHODS:
            return user
        return None if check_csrf(request) else user

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover - __call__ decides
        return getattr(request, "api_token", None)


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (or per user of a session), at `settings.API_THROTTLE_RATE` (default 600/min)."""

    scope = "api"

    def __init__(self) -> None:
        super().__init__(self.current_rate())

    @staticmethod
    def current_rate() -> str:
        return str(getattr(settings, "API_THROTTLE_RATE", DEFAULT_RATE))

    def allow_request(self, request: HttpRequest) -> bool:
        rate = self.current_rate()
        if rate != self.rate:  # the setting changed (tests, a reload): follow it
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        auth = getattr(request, "auth", None)
        if isinstance(auth, ApiToken):
            ident = f"token-{auth.pk}"
        elif auth is not None:
            ident = f"user-{auth.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}
