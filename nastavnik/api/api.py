"""The NinjaAPI instance of /api/v1/: auth, throttling, the error handlers and the routers of each area.

An area's issue adds its endpoints by writing a router under nastavnik/api/routers/ and adding it here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger

from . import errors
from .auth import TokenOrSession, TokenRateThrottle
from .routers import account, mentoring, monitoring

#: The docs page's own policy: only this site's files (Swagger UI ships with django-ninja), no inline script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class StrictSwagger(Swagger):
    """django-ninja's Swagger UI from its own static files, served under a strict Content-Security-Policy."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        response = super().render_page(request, api, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


api = NinjaAPI(
    title="Наставник API",
    version="1",
    description="HTTP API of Наставник. Authentication: `Authorization: Bearer <token>` (a personal key from "
    "«Ключи API»). Errors: `{detail, errors: [{field, message}]}`. Lists: `?limit=&offset=` → `{items, count}`.",
    urls_namespace="api",
    auth=TokenOrSession(),
    throttle=[TokenRateThrottle()],
    docs=StrictSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", account.router)
api.add_router("", mentoring.router)
api.add_router("", monitoring.router)
