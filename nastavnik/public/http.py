"""How a public page answers: found by its slug only while published, cached per organization, embeddable.

`public_page` wraps a view of /p/<slug>/…: it looks the page up unscoped by its slug (404, a Russian page,
when it is unknown or not published), runs the view inside that organization's scope only, and keeps the
answer in the cache under the page's version — which every write increments (`services.touch`), so a change,
a consent revoked above all, is visible to the next visitor. Every answer may be framed by any site
(`frame-ancestors` of `PUBLIC_FRAME_ANCESTORS`, no X-Frame-Options) and cached by browsers and proxies for
`PUBLIC_MAX_AGE` seconds; `core.security.HeadersMiddleware` leaves its Cache-Control alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from nastavnik.core.tenancy import organization_scope
from nastavnik.organizations.models import Organization

from .models import PublicPage
from .queries import published_page

#: Server-side cache of a built page; a change increments the version, so this only bounds stale figures.
CACHE_SECONDS = 600

PublicView = Callable[..., HttpResponse]


def max_age() -> int:
    return int(getattr(settings, "PUBLIC_MAX_AGE", 60))


def frame_policy() -> str:
    """The site's Content-Security-Policy with `frame-ancestors` opened for embedding in a school's site."""
    ancestors = getattr(settings, "PUBLIC_FRAME_ANCESTORS", "*")
    policy = settings.CONTENT_SECURITY_POLICY or ""
    if "frame-ancestors" in policy:
        return re.sub(r"frame-ancestors [^;]*", f"frame-ancestors {ancestors}", policy)
    return f"{policy}; frame-ancestors {ancestors}".lstrip("; ")


def make_public(response: HttpResponse) -> HttpResponse:
    """Headers of an answer anybody may see, keep and embed."""
    response["Content-Security-Policy"] = frame_policy()
    response.xframe_options_exempt = True
    setattr(response, "public_cache", True)  # noqa: B010 - core.security keeps this Cache-Control
    patch_cache_control(response, public=True, max_age=max_age())
    patch_vary_headers(response, ["Accept-Language"])
    return response


def not_found(request: HttpRequest) -> HttpResponse:
    response = render(request, "public/not_found.html", status=404)
    response["Content-Security-Policy"] = frame_policy()
    response.xframe_options_exempt = True
    return response


def cache_key(page: PublicPage, path: str) -> str:
    return f"public:{page.organization_id}:{page.version}:{get_language()}:{path}"


def public_page(view: PublicView) -> PublicView:
    """Resolve /p/<slug>/…, serve the cached answer or build it in the organization's scope."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        found = published_page(slug)
        if found is None:
            return not_found(request)
        organization, page = found
        key = cache_key(page, request.path)
        cached = cache.get(key)
        if cached is not None:
            content, content_type, headers = cached
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers:
                response[name] = value
            return make_public(response)
        try:
            with organization_scope(organization):
                response = view(request, organization, page, *args, **kwargs)
        except Http404:
            return not_found(request)  # a case, a news item, a photo that is not there: the same Russian page
        if response.status_code == 200 and not response.streaming:
            headers = [(h, response[h]) for h in ("Content-Disposition",) if h in response]
            cache.set(key, (response.content, response["Content-Type"], headers), CACHE_SECONDS)
        return make_public(response)

    return wrapper


def organization_context(organization: Organization, page: PublicPage, **extra: Any) -> dict[str, Any]:
    return {"organization": organization, "page": page, **extra}
