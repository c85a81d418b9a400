"""The NinjaAPI instance of /api/v1/: auth, throttling, the error handlers and the routers of each area.

An area's issue adds its endpoints by writing a router under nastavnik/api/routers/ and adding it here.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from . import errors
from .auth import TokenOrSession, TokenRateThrottle
from .routers import account, mentoring

api = NinjaAPI(
    title="Наставник API",
    version="1",
    description="HTTP API of Наставник. Authentication: `Authorization: Bearer <token>` (a personal key from "
    "«Ключи API»). Errors: `{detail, errors: [{field, message}]}`. Lists: `?limit=&offset=` → `{items, count}`.",
    urls_namespace="api",
    auth=TokenOrSession(),
    throttle=[TokenRateThrottle()],
    docs=Swagger(),  # served from django-ninja's own static files (no CDN): works under a strict CSP
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", account.router)
api.add_router("", mentoring.router)
